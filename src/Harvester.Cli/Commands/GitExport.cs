using System.Diagnostics;
using System.Globalization;
using System.Text;
using Harvester.Core.Crawling;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>export --format git --out DIR</c>: the dataset's git history. One commit per half-year in time order, each writing
/// the Markdown of the sites whose policy was found in that half-year at the dataset's path (<c>c/ch/cha/site.md</c>),
/// so <c>git log --follow</c> of a file is that site's history and a half-year's commit holds exactly
/// <c>export --at</c> that half-year. Author and committer are Harvester at the half-year's target date, so the same
/// store gives the same commit ids; a second run appends only half-years after the last one it wrote. Written through
/// one <c>git fast-import</c>, not a git process per file.
/// </summary>
internal sealed class GitExport(IVersionStore versions)
{
    /// <summary>Marks a repository as written by this export (git config), so that no other repository is written into.</summary>
    private const string Marker = "harvester.export";
    private const string Branch = "refs/heads/main";
    private const string Identity = "Harvester <harvester@localhost>";

    /// <returns>The commits written.</returns>
    /// <exception cref="ExportRefusedException">The folder holds something this export did not write.</exception>
    public async Task<int> WriteAsync(string dir, CancellationToken cancellationToken)
    {
        string? last = await PrepareAsync(dir, cancellationToken);
        // Which versions each half-year found (ids only: the texts are read one at a time while writing).
        var found = new SortedDictionary<string, List<(string Site, int Id)>>(StringComparer.Ordinal);
        foreach (var v in versions.All())
        {
            foreach (var interval in v.Intervals)
            {
                if (last is not null && string.CompareOrdinal(interval, last) <= 0) continue;
                if (!found.TryGetValue(interval, out var list)) found[interval] = list = [];
                list.Add((v.Site, v.Id));
            }
        }
        if (found.Count == 0) return 0;

        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "fast-import", "--quiet", "--done" }) start.ArgumentList.Add(a);
        using var git = Process.Start(start) ?? throw new IOException("git is needed for --format git and could not be started");
        var stderr = git.StandardError.ReadToEndAsync(cancellationToken);
        var input = git.StandardInput.BaseStream;
        bool first = true;
        foreach (var (interval, entries) in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long when = new DateTimeOffset(HalfYear.Parse(interval).Target, TimeSpan.Zero).ToUnixTimeSeconds();
            var message = $"{interval}\n\n{Counted.Of(entries.Count, "site")} with a policy found in {interval}\n";
            await WriteAsync(input, $"commit {Branch}\nauthor {Identity} {when} +0000\ncommitter {Identity} {when} +0000\n", cancellationToken);
            await WriteDataAsync(input, Encoding.UTF8.GetBytes(message), cancellationToken);
            if (first && last is not null) await WriteAsync(input, $"from {Branch}^0\n", cancellationToken);
            first = false;
            foreach (var (site, id) in entries.OrderBy(e => e.Site, StringComparer.Ordinal))
            {
                var version = versions.FindById(id) ?? throw new StorageException($"version {id} of {site} vanished during the export");
                var path = DatasetLayout.RelativePath(site, ".md").Replace('\\', '/');
                await WriteAsync(input, $"M 100644 inline {path}\n", cancellationToken);
                await WriteDataAsync(input, Encoding.UTF8.GetBytes(version.Markdown), cancellationToken);
            }
            await WriteAsync(input, "\n", cancellationToken);
        }
        await WriteAsync(input, "done\n", cancellationToken);
        input.Close();
        await git.WaitForExitAsync(cancellationToken);
        if (git.ExitCode != 0) throw new IOException($"git fast-import failed: {(await stderr).Trim()}");
        // The working tree follows the branch, so the folder shows the latest half-year's files.
        await RunGitAsync(dir, ["reset", "--hard", "--quiet"], cancellationToken);
        return found.Count;
    }

    /// <summary>Makes <paramref name="dir"/> a repository of this export; returns the last half-year already in it.</summary>
    private async Task<string?> PrepareAsync(string dir, CancellationToken cancellationToken)
    {
        bool isRepository = Directory.Exists(Path.Combine(dir, ".git"));
        if (!isRepository)
        {
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                throw new ExportRefusedException($"{dir}: not empty and not a repository written by 'export --format git'; give an empty or new folder");
            }
            Directory.CreateDirectory(dir);
            await RunGitAsync(dir, ["init", "--quiet", "--initial-branch=main"], cancellationToken);
            await RunGitAsync(dir, ["config", Marker, "true"], cancellationToken);
            return null;
        }
        if ((await RunGitAsync(dir, ["config", "--get", Marker], cancellationToken, allowFailure: true)).Trim() != "true")
        {
            throw new ExportRefusedException($"{dir}: a git repository that 'export --format git' did not write; refusing to add to it");
        }
        var subject = (await RunGitAsync(dir, ["log", "-1", "--format=%s", Branch], cancellationToken, allowFailure: true)).Trim();
        return subject.Length == 5 && subject[4] is 'A' or 'B' && int.TryParse(subject[..4], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? subject : null;
    }

    private static async Task<string> RunGitAsync(string dir, string[] args, CancellationToken cancellationToken, bool allowFailure = false)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process? git;
        try
        {
            git = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"git is needed for --format git and could not be started: {e.Message}", e);
        }
        using (git)
        {
            var output = git!.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = git.StandardError.ReadToEndAsync(cancellationToken);
            await git.WaitForExitAsync(cancellationToken);
            if (git.ExitCode != 0 && !allowFailure) throw new IOException($"git {args[0]} failed: {(await stderr).Trim()}");
            return await output;
        }
    }

    private static Task WriteAsync(Stream input, string text, CancellationToken cancellationToken) =>
        input.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    private static async Task WriteDataAsync(Stream input, byte[] data, CancellationToken cancellationToken)
    {
        await WriteAsync(input, $"data {data.Length}\n", cancellationToken);
        await input.WriteAsync(data, cancellationToken);
        await WriteAsync(input, "\n", cancellationToken);
    }
}

/// <summary>An export would write over something it did not make; one line, exit 2.</summary>
internal sealed class ExportRefusedException(string message) : Exception(message);
