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
        var log = new ProcessLog();
        using (var last = StartCrawl(crashed, archive, list, log))
        {
            await last.WaitForExitAsync(Ct);
            Assert.True(last.ExitCode == 0, $"final run exited {last.ExitCode}: {log}");
        }

        var status = await CliRun.RunAsync("--db", crashed, "status");
        await CliRun.RunAsync("--db", crashed, "export", "--out", _dir.Combine("crashed-export"), "--format", "jsonl");

        Assert.True(kills >= 3, $"only {kills} runs were killed mid-crawl");
        Assert.Contains("sites: 60 (60 done)", status.Output);
        Assert.Equal(
            File.ReadAllBytes(_dir.Combine("clean-export", "policies.jsonl")),
            File.ReadAllBytes(_dir.Combine("crashed-export", "policies.jsonl")));
    }

    private static Process StartCrawl(string db, string archive, string list, ProcessLog? log = null) =>
        HarvesterProcess.Start(["--db", db, "--archive", archive, "crawl", "--file", list, "--from", "2016", "--to", "2019"], log: log);
}
