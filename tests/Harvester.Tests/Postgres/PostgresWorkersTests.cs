using System.Diagnostics;
using System.Text.Json;
using Harvester.Storage;
using Harvester.Storage.Postgres;
using Harvester.Tests.Support;

namespace Harvester.Tests.Postgres;

/// <summary>
/// Four <c>harvester run</c> processes on one PostgreSQL store against a fake Wayback Machine with faults: two are
/// killed with SIGKILL mid-crawl and started again, while readers query the store. Every site is done exactly once,
/// no version is stored twice, the export equals a single-process crawl's, and the group never exceeds its rate.
/// </summary>
[Collection(ServerLogTimingCollection.Name)]
public sealed class PostgresWorkersTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly string _archive;
    private readonly string _sites;
    private readonly IReadOnlyList<string> _domains;
    private readonly string _settings;

    private const double CdxPerMinute = 480;
    private const double SnapshotsPerSecond = 15;

    public PostgresWorkersTests()
    {
        _archive = _dir.Combine("archive");
        _domains = SyntheticArchive.Write(_archive, sites: 40, fromYear: 2016, toYear: 2019);
        _sites = _dir.Combine("sites.txt");
        File.WriteAllLines(_sites, _domains);
        _settings = _dir.Combine("settings.json");
        File.WriteAllText(_settings, $$"""
            {
              "Wayback": { "CdxRequestsPerMinute": {{CdxPerMinute}}, "SnapshotRequestsPerSecond": {{SnapshotsPerSecond}}, "MaxConcurrentRequests": 8,
                           "MaxRetries": 20, "RetryBaseDelay": "00:00:00.05", "MaxRetryDelay": "00:00:01", "CircuitMinimumThroughput": 1000,
                           "RateGroup": "test-group" },
              "Worker": { "HeartbeatInterval": "00:00:00.2", "PollInterval": "00:00:00.1", "Concurrency": 3 },
              "Schedule": { "Recrawl": "" }
            }
            """);
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<byte[]> ExportAsync(string db, string name)
    {
        var run = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine(name), "--format", "jsonl");
        Assert.True(run.ExitCode == 0, run.Error);
        return File.ReadAllBytes(_dir.Combine(name, "policies.jsonl"));
    }

    private Process StartWorker(string db, string archive, ProcessLog log) =>
        HarvesterProcess.Start(["--db", db, "--archive", archive, "--config", _settings, "run", "--once"], log: log);

    /// <summary>
    /// A command as a child process: run in this process, its blocking store calls would hold thread-pool threads that
    /// WireMock needs to stamp arrivals, and the server's log would bunch requests up that arrived evenly spaced.
    /// </summary>
    private static async Task<CliRun> ChildAsync(params string[] args)
    {
        var log = new ProcessLog();
        using var process = HarvesterProcess.Start(args, log: log);
        await process.WaitForExitAsync(Ct);
        process.WaitForExit(); // the output's last lines
        return new CliRun(process.ExitCode, log.ToString(), process.ExitCode == 0 ? string.Empty : log.ToString());
    }

    [Fact]
    public async Task FourWorkers_TwoKilledAndRestarted_EverySiteOnce_SameExport_GroupWithinItsRate_ReadersUnharmed()
    {
        var referenceDb = _dir.Combine("reference.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", referenceDb, "--archive", _archive, "crawl", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);
        var reference = await ExportAsync(referenceDb, "reference");

        var pg = PostgresServer.Instance.CreateDatabase();
        Assert.Equal(0, (await CliRun.RunAsync("--db", pg, "add", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);
        using var store = PostgresStore.Open(pg);
        using var wayback = new WaybackFromWarc(_archive, faultRate: 0.05, latency: TimeSpan.FromMilliseconds(20));

        var logs = Enumerable.Range(0, 6).Select(_ => new ProcessLog()).ToList();
        var workers = Enumerable.Range(0, 4).Select(i => StartWorker(pg, wayback.Url, logs[i])).ToList();
        var readerErrors = new List<string>();
        int reads = 0;
        bool sawFourWorkers = false;
        var exitCodes = new List<int>();
        try
        {
            var clock = Stopwatch.StartNew();
            while (store.Jobs.CountByState().GetValueOrDefault(JobStates.Done) < 8)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), "the workers never got going: " + string.Join("\n", logs.Select(l => l.ToString())));
                Assert.All(workers, w => Assert.False(w.HasExited, "a worker exited early: " + string.Join("\n", logs.Select(l => l.ToString()))));
                sawFourWorkers |= (await ChildAsync("--db", pg, "status")).Output.Contains("workers: 4 running", StringComparison.Ordinal);
                await Task.Delay(100, Ct);
            }
            workers[0].Kill();
            workers[1].Kill();
            await workers[0].WaitForExitAsync(Ct);
            await workers[1].WaitForExitAsync(Ct);
            Assert.True(store.Jobs.CountByState().GetValueOrDefault(JobStates.Done) < _domains.Count, "the crawl had finished before the kill: the test proves nothing");
            workers.Add(StartWorker(pg, wayback.Url, logs[4]));
            workers.Add(StartWorker(pg, wayback.Url, logs[5]));

            // Readers while four workers write: every answer whole, nothing torn.
            while (workers.Skip(2).Any(w => !w.HasExited))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), "the crawl did not finish: " + string.Join("\n", logs.Select(l => l.ToString())));
                foreach (var query in new[] { new[] { "search", "privacy", "--limit", "5" }, ["versions", _domains[3]], ["export", "--format", "jsonl", "--out", _dir.Combine("during")] })
                {
                    var run = await ChildAsync(["--db", pg, .. query]);
                    reads++;
                    if (run.ExitCode != 0) readerErrors.Add($"{string.Join(' ', query)}: {run.ExitCode} {run.Error}");
                }
                foreach (var line in File.ReadAllLines(_dir.Combine("during", "policies.jsonl")))
                {
                    using var json = JsonDocument.Parse(line); // a torn line would not parse
                    Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("markdown").GetString()));
                }
                sawFourWorkers |= (await ChildAsync("--db", pg, "status")).Output.Contains("workers: 4 running", StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var w in workers)
            {
                if (!w.HasExited) w.Kill();
                await w.WaitForExitAsync(Ct);
                exitCodes.Add(w.ExitCode);
                w.Dispose();
            }
        }
        Assert.All(exitCodes.Skip(2), code => Assert.True(code == 0, string.Join("\n", logs.Select(l => l.ToString()))));
        Assert.Empty(readerErrors);
        Assert.True(reads > 0);
        Assert.True(sawFourWorkers, "status never showed four running workers");
        Assert.True(wayback.Faults > 0);

        // Every site done exactly once; no version twice.
        var name = PostgresServer.DatabaseName(pg);
        var counts = store.Jobs.CountByState();
        Assert.Equal(new Dictionary<string, int> { [JobStates.Done] = _domains.Count }, counts);
        Assert.All(store.Sites.All(), s => Assert.Equal(SiteStates.Done, s.State));
        Assert.All(_domains, d =>
        {
            var versions = store.Versions.ForSite(d);
            Assert.Equal(versions.Count, versions.Select(v => v.TextHash).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, versions.Count), versions.Select(v => v.Number));
        });
        Assert.Equal(reference, await ExportAsync(pg, "cluster"));

        // The group's budget, in the server's own log: no second above the rate.
        var arrivals = wayback.Arrivals();
        foreach (var (endpoint, limit) in new[] { ("cdx", CdxPerMinute / 60), ("snapshots", SnapshotsPerSecond) })
        {
            var perSecond = arrivals.Where(a => a.Endpoint == endpoint).GroupBy(a => a.At.Ticks / TimeSpan.TicksPerSecond).Select(g => g.Count()).ToList();
            Assert.NotEmpty(perSecond);
            // Four workers with three sites each in flight press against the budget: it is what held them back.
            Assert.True(perSecond.Max() >= limit / 2, $"{endpoint}: at most {perSecond.Max()} requests in a second; the budget of {limit} was never reached");
            Assert.True(perSecond.Max() <= limit, $"{endpoint}: {perSecond.Max()} requests in one second, over the group's {limit}");
        }
        var status2 = await CliRun.RunAsync("--db", pg, "status");
        Assert.Contains("[test-group]", status2.Output);
    }

    [Fact]
    public async Task Worker_WhoseConnectionsAreCutMidCrawl_CarriesOn_AndLosesNothing()
    {
        var referenceDb = _dir.Combine("reference.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", referenceDb, "--archive", _archive, "crawl", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);
        var reference = await ExportAsync(referenceDb, "reference");

        var pg = PostgresServer.Instance.CreateDatabase();
        var name = PostgresServer.DatabaseName(pg);
        Assert.Equal(0, (await CliRun.RunAsync("--db", pg, "add", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);
        using var wayback = new WaybackFromWarc(_archive, latency: TimeSpan.FromMilliseconds(20));
        var log = new ProcessLog();
        using var worker = StartWorker(pg, wayback.Url, log);
        int cuts = 0;
        var clock = Stopwatch.StartNew();
        while (!worker.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(700, Ct);
            PostgresServer.Instance.TerminateBackends(name); // as a server restart or an administrator would
            cuts++;
        }
        await worker.WaitForExitAsync(Ct);
        Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {log}");
        Assert.True(cuts >= 3, $"only {cuts} cuts: the crawl was too quick to prove anything");
        Assert.DoesNotContain(log.Lines, l => l.Contains("   at ", StringComparison.Ordinal));
        using var store = PostgresStore.Open(pg);
        Assert.Equal(new Dictionary<string, int> { [JobStates.Done] = _domains.Count }, store.Jobs.CountByState());
        Assert.Equal(reference, await ExportAsync(pg, "cut"));
    }
}
