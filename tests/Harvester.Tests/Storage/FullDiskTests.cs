using System.Diagnostics;
using Harvester.Tests.Support;

namespace Harvester.Tests.Storage;

/// <summary>
/// A disk that really fills up mid-crawl (a small tmpfs, so this needs the right to mount one; it skips otherwise):
/// the crawl stops with one clear line, the database still opens, and a resumed crawl ends exactly where an
/// uninterrupted one does.
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly string _small;
    private bool _mounted;

    public FullDiskTests() => _small = _dir.Combine("small");

    public void Dispose()
    {
        if (_mounted) Run("umount", _small);
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Run(string program, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>A 1 MB tmpfs at <see cref="_small"/>; skips the test where that cannot be had.</summary>
    private void MountSmallDisk()
    {
        Directory.CreateDirectory(_small);
        if (!OperatingSystem.IsLinux() || Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", _small) != 0)
        {
            Assert.Skip("mounting a small tmpfs needs Linux and the right to mount");
        }
        _mounted = true;
    }

    [Fact]
    public async Task Crawl_WhenTheDiskFillsUp_StopsWithOneLine_AndResumesToTheSameResult()
    {
        MountSmallDisk();
        var archive = _dir.Combine("archive");
        var list = _dir.Combine("sites.txt");
        File.WriteAllLines(list, SyntheticArchive.Write(archive, sites: 60, fromYear: 2016, toYear: 2019));
        string[] crawl = ["--archive", archive, "crawl", "--file", list, "--from", "2016", "--to", "2019"];

        var clean = _dir.Combine("clean.db");
        Assert.Equal(0, (await CliRun.RunAsync(["--db", clean, .. crawl])).ExitCode);
        await CliRun.RunAsync("--db", clean, "export", "--out", _dir.Combine("clean-export"), "--format", "jsonl");

        // A child process: if storage failed badly it could take the process down, and that must not be the test's.
        var full = Path.Combine(_small, "h.db");
        var log = new ProcessLog();
        using (var child = HarvesterProcess.Start(["--db", full, .. crawl], new Dictionary<string, string> { ["HARVESTER__Storage__MinimumFreeMegabytes"] = "0" }, log))
        {
            await child.WaitForExitAsync(Ct);
            Assert.True(child.ExitCode == 1, $"exit {child.ExitCode}: {log}");
        }
        var errors = log.Lines.Where(l => l.StartsWith("harvester:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains("No space left on device", errors[0]);
        Assert.DoesNotContain(log.Lines, l => l.Contains("Unhandled", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal));

        // Move the database to a roomy disk: it opens, and the crawl resumes to the uninterrupted result.
        var moved = _dir.Combine("moved.db");
        foreach (var file in Directory.GetFiles(_small)) File.Copy(file, _dir.Combine(Path.GetFileName(file).Replace("h", "moved", StringComparison.Ordinal)));
        var status = await CliRun.RunAsync("--db", moved, "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["--db", moved, .. crawl])).ExitCode);
        await CliRun.RunAsync("--db", moved, "export", "--out", _dir.Combine("moved-export"), "--format", "jsonl");
        Assert.Equal(File.ReadAllBytes(_dir.Combine("clean-export", "policies.jsonl")), File.ReadAllBytes(_dir.Combine("moved-export", "policies.jsonl")));
    }

    [Fact]
    public async Task ADatabaseOnAReadOnlyDisk_IsReportedAsSuch_NotAsInUse()
    {
        MountSmallDisk();
        var db = Path.Combine(_small, "h.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", "a.example", "--from", "2018", "--to", "2018")).ExitCode);
        Assert.Equal(0, Run("mount", "-o", "remount,ro", _small));

        var status = await CliRun.RunAsync("--db", db, "status");

        Assert.Equal(1, status.ExitCode);
        Assert.Equal($"harvester: {db}: cannot open the database: Read-only file system : '{db}.lock'\n", status.Error.ReplaceLineEndings("\n"));
    }
}
