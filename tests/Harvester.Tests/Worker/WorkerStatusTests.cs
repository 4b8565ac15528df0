using System.Text.Json;
using Harvester.Tests.Support;
using Harvester.Worker;

namespace Harvester.Tests.Worker;

/// <summary>What <c>status</c> says about workers, and the worker's JSON log lines.</summary>
[Collection(WorkerConsole.Name)]
public sealed class WorkerStatusTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Archive => Path.Combine(RepositoryPaths.Root, "fixtures", "archive");

    [Fact]
    public async Task Status_AfterAWorkerWasKilled_SaysSo()
    {
        var db = _dir.Combine("h.db");
        await CliRun.RunAsync("--db", db, "add", "alpha-shop.example", "--from", "2018", "--to", "2019");
        var now = DateTimeOffset.UtcNow;
        new WorkerHeartbeat
        {
            ProcessId = 999_999, Machine = "elsewhere", StartedAt = now.AddHours(-2), UpdatedAt = now.AddMinutes(-10), State = "running",
            Concurrency = 4, InFlight = ["alpha-shop.example"], Jobs = new Dictionary<string, int> { ["leased"] = 1 }, SitesDone = 0, SitesFailed = 0,
            SitesReleased = 0, SitesPerHour = 0, FailuresByKind = new Dictionary<string, int>(), Endpoints = [],
        }.WriteTo(WorkerHeartbeat.PathFor(db));

        var status = await CliRun.RunAsync("--db", db, "status");

        Assert.Equal(5, status.ExitCode); // monitoring can tell a crashed worker from a stopped one
        Assert.Contains("worker: none running (the last one, pid 999999, stopped without a word 10 min ago: killed or crashed", status.Output);
        Assert.Contains("jobs: 1 queued", status.Output);
    }

    [Fact]
    public async Task Status_StoppedWorkerWithAnOldPause_NamesHowItStopped_AndNoPauseInThePast()
    {
        var db = _dir.Combine("h.db");
        await CliRun.RunAsync("--db", db, "add", "alpha-shop.example", "--from", "2018", "--to", "2019");
        var now = DateTimeOffset.UtcNow;
        new WorkerHeartbeat
        {
            ProcessId = 999_998, Machine = "here", StartedAt = now.AddHours(-1), UpdatedAt = now.AddSeconds(-4), State = "stopped",
            StopReason = "SIGINT twice: stopped at once", Concurrency = 4, InFlight = [], Jobs = new Dictionary<string, int>(), SitesDone = 6,
            SitesFailed = 0, SitesReleased = 0, SitesPerHour = 0, FailuresByKind = new Dictionary<string, int>(),
            Endpoints = [new EndpointState("cdx", 40, 20, 0, 1, 0, 0, 0, "closed", now.AddMinutes(-1))],
        }.WriteTo(WorkerHeartbeat.PathFor(db));

        var status = await CliRun.RunAsync("--db", db, "status");

        Assert.Equal(0, status.ExitCode);
        Assert.Contains("worker: none running (the last one stopped 4 s ago: SIGINT twice: stopped at once)", status.Output);
        Assert.Contains("archive cdx at the last worker's end: 40 requests (20 in the last minute)", status.Output);
        Assert.DoesNotContain("paused until", status.Output);
    }

    [Fact]
    public async Task Status_SiteCrawledTwiceInTheHour_CountsOnce()
    {
        var db = _dir.Combine("h.db");
        await CliRun.RunAsync("--db", db, "--archive", Archive, "crawl", "alpha-shop.example", "--from", "2018", "--to", "2018");
        await CliRun.RunAsync("--db", db, "--archive", Archive, "crawl", "alpha-shop.example", "--from", "2019", "--to", "2019");

        var status = await CliRun.RunAsync("--db", db, "status");

        Assert.Contains("throughput: 1 site done in the last hour", status.Output);
    }

    [Fact]
    public async Task Status_WithoutAnyWorker_ShowsThroughputAndFailuresFromTheDatabase()
    {
        var db = _dir.Combine("h.db");
        await CliRun.RunAsync("--db", db, "--archive", Archive, "crawl", "alpha-shop.example", "zeta-travel.example", "--from", "2018", "--to", "2019");
        using (var database = Harvester.Storage.LiteDb.LiteDbFile.Open(db))
        {
            var jobs = new Harvester.Storage.LiteDb.LiteDbJobQueue(database, TimeProvider.System);
            var job = jobs.Enqueue("down.example");
            jobs.TryLease("w", TimeSpan.FromMinutes(1));
            jobs.Fail(job.Id, "w", "cdx unavailable", maxAttempts: 1, kind: "archive-unavailable");
        }

        var status = await CliRun.RunAsync("--db", db, "status");

        Assert.Contains("worker: none running", status.Output);
        Assert.Contains("throughput: 2 sites done in the last hour", status.Output);
        Assert.Contains("failures by reason: 1 archive-unavailable", status.Output);
    }

    [Fact]
    public async Task Status_CountsHalfYearsByOutcome_AndListsTheFirstFailedSites()
    {
        var db = _dir.Combine("h.db");
        using (var database = Harvester.Storage.LiteDb.LiteDbFile.Open(db))
        {
            var jobs = new Harvester.Storage.LiteDb.LiteDbJobQueue(database, TimeProvider.System);
            Harvester.Storage.IVersionStore versions = new Harvester.Storage.LiteDb.LiteDbVersionStore(database, TimeProvider.System);
            versions.RecordEmpty("a.example", "2018A", Harvester.Storage.IntervalOutcomes.NoCapture, "none", 1);
            versions.RecordEmpty("a.example", "2018B", Harvester.Storage.IntervalOutcomes.NoCapture, "none", 1);
            versions.RecordEmpty("b.example", "2018A", Harvester.Storage.IntervalOutcomes.NoPolicyLink, "none", 1);
            for (int i = 0; i < 25; i++)
            {
                var job = jobs.Enqueue($"f{i:D2}.example");
                jobs.TryLease("w", TimeSpan.FromMinutes(1));
                jobs.Fail(job.Id, "w", "gone", maxAttempts: 1, kind: "not-found");
            }
        }

        var status = await CliRun.RunAsync("--db", db, "status");

        Assert.Contains("half-years: 2 no-capture, 1 no-policy-link\n", status.Output.ReplaceLineEndings("\n"));
        Assert.Contains("failures by reason: 25 not-found", status.Output);
        Assert.Equal(20, status.Output.Split('\n').Count(l => l.StartsWith("failed: ", StringComparison.Ordinal)));
        Assert.Contains("failed: f00.example after 1 attempts: gone", status.Output);
        Assert.Contains("... and 5 more failed sites ('harvester retry' queues them all again)", status.Output);
    }

    [Fact]
    public async Task Run_WithJsonLogs_WritesOneJsonObjectPerLine()
    {
        var db = _dir.Combine("h.db");
        await CliRun.RunAsync("--db", db, "add", "alpha-shop.example", "--from", "2018", "--to", "2019");
        var saved = Console.Out;
        var console = new StringWriter();
        Console.SetOut(console);
        CliRun run;
        try
        {
            run = await CliRun.RunAsync("--db", db, "--archive", Archive, "run", "--once", "--log-format", "json");
        }
        finally
        {
            Console.SetOut(saved);
        }

        Assert.Equal(0, run.ExitCode);
        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("Timestamp", out _), line);
            Assert.True(json.RootElement.TryGetProperty("Message", out _), line);
        }
        Assert.Contains(lines, l => l.Contains("alpha-shop.example: done", StringComparison.Ordinal));
    }

    private string Settings(string json)
    {
        var path = _dir.Combine($"settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}

/// <summary>In-process workers log to the process's console: tests that run one, or read the console, take turns.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerConsole
{
    public const string Name = "worker console";
}
