using Harvester.Tests.Support;

namespace Harvester.Tests.Worker;

/// <summary>Bad configuration stops <c>harvester run</c> at start-up with one clear line, before it touches anything.</summary>
[Collection(WorkerConsole.Name)]
public sealed class WorkerSettingsTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Archive => Path.Combine(RepositoryPaths.Root, "fixtures", "archive");

    private async Task<CliRun> RunWithSettingsAsync(string json, params string[] extra)
    {
        var settings = _dir.Combine($"settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(settings, json);
        return await CliRun.RunAsync(["--db", _dir.Combine("h.db"), "--archive", Archive, "--config", settings, "run", "--once", .. extra]);
    }

    public static TheoryData<string, string> BadSettings => new()
    {
        { """{ "Wayback": { "SnapshotRequestsPerSecond": -1 } }""", "The field SnapshotRequestsPerSecond must be between 0.01 and 1000" },
        { """{ "Wayback": { "CdxRequestsPerMinute": "fast" } }""", "CdxRequestsPerMinute" },
        { """{ "Worker": { "Concurency": 4 } }""", "'Concurency'" },
        { """{ "Worker": { "Concurrency": 0 } }""", "The field Concurrency must be between 1 and 64" },
        { """{ "Worker": { "GracePeriod": "-00:00:05" } }""", "GracePeriod field must be between" },
        { """{ "Worker": { "LogFormat": "xml" } }""", "LogFormat field must be text or json" },
        { """{ "Schedule": { "Recrawl": "every monday" } }""", "is not a cron expression" },
        { """{ "Storage": { "MinimumFreeMegabytes": -5 } }""", "MinimumFreeMegabytes" },
        { """{ "Wokrer": { "Concurrency": 4 } }""", "unknown section 'Wokrer'" },
        { """{ "Worker": { """, "settings:" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Run_BadSetting_FailsAtStartWithOneLine(string json, string expected)
    {
        var run = await RunWithSettingsAsync(json);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("harvester: settings:", run.Error);
        Assert.Contains(expected, run.Error);
        Assert.False(File.Exists(_dir.Combine("h.db")), "the database was created before the settings were checked");
    }

    [Fact]
    public async Task Run_BadCommandLineValues_FailLikeBadSettings()
    {
        var concurrency = await CliRun.RunAsync("--db", _dir.Combine("h.db"), "--archive", Archive, "run", "--once", "--concurrency", "-3");
        var format = await CliRun.RunAsync("--db", _dir.Combine("h.db"), "--archive", Archive, "run", "--once", "--log-format", "yaml");

        Assert.Equal(2, concurrency.ExitCode);
        Assert.Contains("The field Concurrency must be between 1 and 64", concurrency.Error);
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("LogFormat field must be text or json", format.Error);
    }

    [Theory]
    [InlineData("run", "--once")]
    [InlineData("crawl", "a.example")]
    [InlineData("captures", "a.example")]
    public async Task UnreachableArchive_FailsAtOnceWithOneLine_BeforeAnyRetry(params string[] command)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await CliRun.RunAsync(["--db", _dir.Combine("h.db"), "--archive", "http://127.0.0.1:9", .. command]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("harvester: archive http://127.0.0.1:9 is unreachable: Connection refused", run.Error.TrimEnd());
        // Without the probe, crawl and captures retried for a minute (the overall timeout) before saying anything.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Run_UnwritableDatabasePath_FailsWithOneLine()
    {
        var missingFolder = await CliRun.RunAsync("--db", _dir.Combine("no-such-folder", "h.db"), "--archive", Archive, "run", "--once");
        Directory.CreateDirectory(_dir.Combine("folder.db"));
        var folder = await CliRun.RunAsync("--db", _dir.Combine("folder.db"), "--archive", Archive, "run", "--once");

        Assert.Equal(1, missingFolder.ExitCode);
        Assert.Contains("does not exist", missingFolder.Error);
        Assert.Single(missingFolder.Error.TrimEnd().Split('\n'));
        Assert.Equal(1, folder.ExitCode);
        Assert.Contains("cannot open the database: it is a folder", folder.Error);
    }

    [Fact]
    public async Task Run_Once_OverTheFixtureArchive_ExportsTheExpectedMarkdown()
    {
        var db = _dir.Combine("h.db");
        await CliRun.RunAsync("--db", db, "add", "alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example",
            "epsilon-games.example", "zeta-travel.example", "--from", "2018", "--to", "2019");

        var run = await CliRun.RunAsync("--db", db, "--archive", Archive, "run", "--once", "--concurrency", "3");
        await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("md"));

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Error}");
        var expected = Path.Combine(RepositoryPaths.Root, "tests", "Harvester.Tests", "Expected", "crawl");
        var want = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order().ToList();
        var got = Directory.GetFiles(_dir.Combine("md"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_dir.Combine("md"), f)).Order().ToList();
        Assert.Equal(want, got);
        foreach (var file in want) Assert.Equal(File.ReadAllText(Path.Combine(expected, file)), File.ReadAllText(_dir.Combine("md", file)));
    }
}
