using System.Diagnostics;
using Harvester.Tests.Support;
using Harvester.Worker;

namespace Harvester.Tests.Worker;

/// <summary>
/// <c>harvester run</c> as a child process against WireMock playing the Wayback Machine with faults (503s, 429s with
/// Retry-After): stopped by signals mid-crawl and restarted, it ends with the result of an uninterrupted crawl.
/// </summary>
public sealed class WorkerProcessTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly string _archive;
    private readonly string _sites;
    private readonly IReadOnlyList<string> _domains;
    private readonly string _settings;

    public WorkerProcessTests()
    {
        _archive = _dir.Combine("archive");
        _domains = SyntheticArchive.Write(_archive, sites: 40, fromYear: 2016, toYear: 2019);
        _sites = _dir.Combine("sites.txt");
        File.WriteAllLines(_sites, _domains);
        _settings = _dir.Combine("settings.json");
        File.WriteAllText(_settings, """
            {
              "Wayback": { "CdxRequestsPerMinute": 6000, "SnapshotRequestsPerSecond": 200, "MaxConcurrentRequests": 8, "MaxRetries": 20,
                           "RetryBaseDelay": "00:00:00.05", "MaxRetryDelay": "00:00:01", "CircuitMinimumThroughput": 1000 },
              "Worker": { "HeartbeatInterval": "00:00:00.2", "PollInterval": "00:00:00.1" },
              "Schedule": { "Recrawl": "" }
            }
            """);
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<byte[]> ReferenceExportAsync()
    {
        var db = _dir.Combine("reference.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "--archive", _archive, "crawl", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);
        return await ExportAsync(db, "reference");
    }

    private async Task<byte[]> ExportAsync(string db, string name)
    {
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine(name), "--format", "jsonl")).ExitCode);
        return File.ReadAllBytes(_dir.Combine(name, "policies.jsonl"));
    }

    private Process StartWorker(string db, string archive, ProcessLog log, params string[] extra) =>
        HarvesterProcess.Start(["--db", db, "--archive", archive, "--config", _settings, "run", .. extra], log: log);

    private static async Task<WorkerHeartbeat> WaitForHeartbeatAsync(string db, Func<WorkerHeartbeat, bool> condition, Process worker, ProcessLog log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (worker.HasExited) Assert.Fail($"the worker exited early ({worker.ExitCode}): {log}");
            if (WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(db)) is { } heartbeat && condition(heartbeat)) return heartbeat;
            await Task.Delay(50, Ct);
        }
        throw new TimeoutException($"the worker never got there: {log}");
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    [Fact]
    public async Task Run_StoppedBySigtermMidCrawl_AndRestarted_EndsWithTheUninterruptedResult()
    {
        var reference = await ReferenceExportAsync();
        using var wayback = new WaybackFromWarc(_archive, faultRate: 0.1, latency: TimeSpan.FromMilliseconds(20));
        var db = _dir.Combine("worker.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);

        var log = new ProcessLog();
        using (var worker = StartWorker(db, wayback.Url, log, "--concurrency", "4"))
        {
            await WaitForHeartbeatAsync(db, h => h.SitesDone >= 5, worker, log);
            Signal(worker, "TERM");
            await worker.WaitForExitAsync(Ct);
            Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {log}");
        }
        Assert.Contains(log.Lines, l => l.Contains("stopping gracefully", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("worker stopped", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("HTTP request", StringComparison.Ordinal)); // HttpClient's per-request lines are off
        var stopped = WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(db))!;
        int faultsInFirstRun = wayback.Faults;
        Assert.Equal("stopped", stopped.State);
        Assert.True(stopped.SitesDone < _domains.Count, "the crawl had finished before the signal: the test proves nothing");
        var status = await CliRun.RunAsync("--db", db, "status");
        Assert.Contains("worker: none running (the last one stopped", status.Output);
        Assert.DoesNotContain("leased", status.Output); // nothing left leased: finished or queued again

        var second = new ProcessLog();
        using (var worker = StartWorker(db, wayback.Url, second, "--once"))
        {
            await worker.WaitForExitAsync(Ct);
            Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {second}");
        }

        Assert.True(wayback.Faults > 0);
        Assert.All(stopped.Endpoints, e => Assert.True(e.Requests > 0, e.Endpoint));
        Assert.True(faultsInFirstRun == 0 || stopped.Endpoints.Sum(e => e.Retries) > 0, "faults were served but the heartbeat counted no retry");
        Assert.Contains($"sites: {_domains.Count} ({_domains.Count} done)", (await CliRun.RunAsync("--db", db, "status")).Output);
        Assert.Equal(reference, await ExportAsync(db, "worker"));
    }

    [Fact]
    public async Task Run_SecondSignal_StopsAtOnce_AndTheNextRunCompletes()
    {
        var reference = await ReferenceExportAsync();
        using var wayback = new WaybackFromWarc(_archive, latency: TimeSpan.FromSeconds(1)); // jobs last seconds: the second signal lands mid-job
        var db = _dir.Combine("worker.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", "--file", _sites, "--from", "2016", "--to", "2019")).ExitCode);

        var log = new ProcessLog();
        using (var worker = StartWorker(db, wayback.Url, log, "--concurrency", "4", "--grace", "600"))
        {
            await WaitForHeartbeatAsync(db, h => h.SitesDone >= 1 && h.InFlight.Count > 0, worker, log);
            Signal(worker, "TERM");
            await WaitForHeartbeatAsync(db, h => h.State == "stopping", worker, log);
            var clock = Stopwatch.StartNew();
            // TERM again, not INT: a process started in the background by a non-interactive shell (a CI runner's
            // script, nohup) inherits SIGINT ignored, and .NET keeps an inherited ignore.
            Signal(worker, "TERM");
            await worker.WaitForExitAsync(Ct);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed} to stop after the second signal");
            Assert.True(worker.ExitCode == SignalLifetime.ImmediateExitCode, $"exit {worker.ExitCode}: {log}");
        }
        Assert.Contains(log.Lines, l => l.Contains("stopping at once", StringComparison.Ordinal));
        var interrupted = await CliRun.RunAsync("--db", db, "status");
        Assert.Equal(0, interrupted.ExitCode);
        Assert.Contains("(the last one stopped", interrupted.Output);
        Assert.Contains("SIGTERM twice: stopped at once)", interrupted.Output);

        var second = new ProcessLog();
        using (var worker = StartWorker(db, _archive, second, "--once"))
        {
            await worker.WaitForExitAsync(Ct);
            Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {second}");
        }
        Assert.Equal(reference, await ExportAsync(db, "worker"));
    }

    [Fact]
    public async Task Run_HoldsTheDatabase_StatusReadsItsHeartbeat_AndAddGoesToItsInbox()
    {
        var db = _dir.Combine("worker.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", _domains[0], "--from", "2016", "--to", "2019")).ExitCode);
        var log = new ProcessLog();
        using var worker = StartWorker(db, _archive, log);
        await WaitForHeartbeatAsync(db, h => h.SitesDone == 1, worker, log);

        var rival = await CliRun.RunAsync("--db", db, "--archive", _archive, "run", "--once");
        var crawl = await CliRun.RunAsync("--db", db, "--archive", _archive, "crawl", _domains[1]);
        var add = await CliRun.RunAsync("--db", db, "add", _domains[1], _domains[2], "--from", "2016", "--to", "2019");
        await WaitForHeartbeatAsync(db, h => h.SitesDone == 3, worker, log);
        var status = await CliRun.RunAsync("--db", db, "status");
        Signal(worker, "TERM");
        await worker.WaitForExitAsync(Ct);

        Assert.Equal(1, rival.ExitCode);
        Assert.Contains("in use by another harvester process", rival.Error);
        Assert.Single(rival.Error.TrimEnd().Split('\n'));
        Assert.Equal(1, crawl.ExitCode);
        Assert.Contains("in use by another harvester process", crawl.Error);
        Assert.Contains($"handed 2 sites to the running worker (pid {worker.Id})", add.Output);
        Assert.Contains($"worker: running, pid {worker.Id}", status.Output);
        Assert.Contains("jobs: 3 done", status.Output);
        Assert.Contains("this run: 3 sites done, 0 failed, 0 queued again", status.Output);
        Assert.Matches(@"memory: [1-9]\d* MB resident, of which the managed heap \d+ MB \([1-9]\d* MB committed\)", status.Output);
        Assert.Equal(0, worker.ExitCode);
        Assert.Empty(Directory.GetFiles(Harvester.Storage.LiteDb.SiteInbox.FolderFor(db)));
    }

    [Fact]
    public async Task Run_AnswersReadOnlyCommands_WhileItHoldsTheDatabase_ExactlyAsTheyAnswerAfterwards()
    {
        var db = _dir.Combine("served.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", _domains[0], _domains[1], _domains[2], "--from", "2016", "--to", "2019")).ExitCode);
        var log = new ProcessLog();
        string[][] queries =
        [
            ["versions", _domains[0]],
            ["show", _domains[1], "--version", "1"],
            ["diff", _domains[2]],
            ["search", "privacy", "--limit", "5"],
            ["search", "no such phrase anywhere"],
            ["versions", "not-added.example"],
        ];
        var served = new List<CliRun>();
        string socket;
        using (var worker = StartWorker(db, _archive, log))
        {
            var heartbeat = await WaitForHeartbeatAsync(db, h => h.SitesDone == 3 && h.QuerySocket is not null, worker, log);
            socket = heartbeat.QuerySocket!;
            foreach (var query in queries) served.Add(await CliRun.RunAsync(["--db", db, .. query]));
            served.Add(await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("served-export"), "--format", "jsonl"));
            var crawl = await CliRun.RunAsync("--db", db, "--archive", _archive, "crawl", _domains[3]);
            Assert.Equal(1, crawl.ExitCode);
            Assert.Contains("in use by another harvester process", crawl.Error);
            Assert.True(File.Exists(socket));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
            Assert.False(worker.HasExited, log.ToString());
            Signal(worker, "TERM");
            await worker.WaitForExitAsync(Ct);
            Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {log}");
        }
        Assert.False(File.Exists(socket), "the worker removes its socket when it stops");
        Assert.Contains(log.Lines, l => l.Contains("query: ", StringComparison.Ordinal) && l.EndsWith("versions " + _domains[0], StringComparison.Ordinal));

        for (int i = 0; i < queries.Length; i++)
        {
            var direct = await CliRun.RunAsync(["--db", db, .. queries[i]]);
            Assert.Equal((direct.ExitCode, direct.Output, direct.Error), (served[i].ExitCode, served[i].Output, served[i].Error));
        }
        Assert.Equal(0, served[0].ExitCode);
        Assert.StartsWith("v1  ", served[0].Output, StringComparison.Ordinal);
        Assert.Equal(3, served[^2].ExitCode);
        Assert.Contains("not-added.example is not in", served[^2].Error);
        Assert.Equal(0, served[^1].ExitCode);
        Assert.Equal(await ExportAsync(db, "direct-export"), File.ReadAllBytes(_dir.Combine("served-export", "policies.jsonl")));
    }
}
