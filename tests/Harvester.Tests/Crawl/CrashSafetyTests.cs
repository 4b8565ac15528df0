using System.Diagnostics;
using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// The crawl survives being killed (SIGKILL) at random points: after repeated kills and a final run, every site is
/// complete, no version is lost or duplicated (the export equals an uninterrupted crawl's, byte for byte), and the
/// database opens cleanly.
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Crawl_KilledAtRandomPointsAndRestarted_EndsCompleteWithoutDuplicatesOrLosses()
    {
        var archive = _dir.Combine("archive");
        var domains = SyntheticArchive.Write(archive, sites: 60, fromYear: 2016, toYear: 2019);
        var list = _dir.Combine("sites.txt");
        File.WriteAllLines(list, domains);

        // An uninterrupted crawl, in-process, for reference.
        var clean = _dir.Combine("clean.db");
        var reference = await CliRun.RunAsync("--db", clean, "--archive", archive, "crawl", "--file", list, "--from", "2016", "--to", "2019");
        Assert.Equal(0, reference.ExitCode);
        await CliRun.RunAsync("--db", clean, "export", "--out", _dir.Combine("clean-export"), "--format", "jsonl");

        var crashed = _dir.Combine("crashed.db");
        var random = new Random(20261125);
        int kills = 0;
        for (int round = 0; round < 8; round++)
        {
            using var child = StartCrawl(crashed, archive, list);
            await Task.Delay(random.Next(300, 2500), Ct);
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
                kills++;
            }
            await child.WaitForExitAsync(Ct);
        }
        using (var last = StartCrawl(crashed, archive, list))
        {
            await last.WaitForExitAsync(Ct);
            Assert.True(last.ExitCode == 0, $"final run exited {last.ExitCode}: {await last.StandardError.ReadToEndAsync(Ct)}");
        }

        var status = await CliRun.RunAsync("--db", crashed, "status");
        await CliRun.RunAsync("--db", crashed, "export", "--out", _dir.Combine("crashed-export"), "--format", "jsonl");

        Assert.True(kills >= 3, $"only {kills} runs were killed mid-crawl");
        Assert.Contains("sites: 60 (60 done)", status.Output);
        Assert.Equal(
            File.ReadAllBytes(_dir.Combine("clean-export", "policies.jsonl")),
            File.ReadAllBytes(_dir.Combine("crashed-export", "policies.jsonl")));
    }

    /// <summary>The CLI from its own build output (the test folder mixes in other versions of its dependencies).</summary>
    private static string HarvesterDll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var path = Path.Combine(RepositoryPaths.Root, "src", "Harvester.Cli", "bin", configuration, framework.Name, "harvester.dll");
            Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
            return path;
        }
    }

    private static Process StartCrawl(string db, string archive, string list)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { HarvesterDll, "--db", db, "--archive", archive, "crawl", "--file", list, "--from", "2016", "--to", "2019" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
