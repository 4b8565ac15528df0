using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// <c>harvester crawl</c> over the fixture archive, offline and through WireMock playing the Wayback Machine; the
/// exported Markdown must equal <c>Expected/crawl</c> (dataset layout).
/// </summary>
public sealed class CrawlEndToEndTests : IDisposable
{
    private static readonly string[] Sites =
        ["alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example"];

    private readonly TemporaryDirectory _dir = new();
    private readonly string _archive;

    public CrawlEndToEndTests()
    {
        _archive = Directory.CreateDirectory(_dir.Combine("archive")).FullName;
        foreach (var name in FixtureArchive.Files) File.Copy(Path.Combine(FixtureArchive.Folder, name), Path.Combine(_archive, name));
    }

    public void Dispose() => _dir.Dispose();

    private static string Expected => Path.Combine(RepositoryPaths.Root, "tests", "Harvester.Tests", "Expected", "crawl");

    private async Task<CliRun> Harvester(string db, string archive, params string[] args) =>
        await CliRun.RunAsync(["--db", db, "--archive", archive, .. args]);

    private static void AssertSameTree(string expected, string actual)
    {
        var want = Directory.EnumerateFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order(StringComparer.Ordinal).ToList();
        var got = Directory.EnumerateFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want, got);
        foreach (var file in want) Assert.Equal(File.ReadAllText(Path.Combine(expected, file)), File.ReadAllText(Path.Combine(actual, file)));
    }

    [Fact]
    public async Task Crawl_LocalArchive_ExportsTheExpectedMarkdownAndRecordsWhy()
    {
        var db = _dir.Combine("h.db");

        var crawl = await Harvester(db, _archive, ["crawl", .. Sites, "--from", "2018", "--to", "2019"]);
        var export = await Harvester(db, _archive, "export", "--out", _dir.Combine("md"));
        var versions = await Harvester(db, _archive, "versions", "delta-blog.example");

        Assert.Equal(0, crawl.ExitCode);
        Assert.Contains("crawled 6 of 6 sites", crawl.Output);
        Assert.Contains("24 half-years, 11 with a policy, 34 archive calls (1.42 per half-year)", crawl.Output);
        Assert.Equal(0, export.ExitCode);
        AssertSameTree(Expected, _dir.Combine("md"));
        Assert.Contains("2018A: no-policy-link: no privacy policy link on the home page", versions.Output);
    }

    [Fact]
    public async Task Crawl_WaybackPlayedByWireMock_GivesTheSameMarkdown()
    {
        using var wayback = new WaybackFromWarc(_archive);
        var db = _dir.Combine("online.db");
        var settings = _dir.Combine("fast.json");
        File.WriteAllText(settings, """{ "Wayback": { "CdxRequestsPerMinute": 6000, "SnapshotRequestsPerSecond": 100, "Contact": "tests@harvester.example" } }""");

        var crawl = await Harvester(db, wayback.Url, ["crawl", .. Sites, "--from", "2018", "--to", "2019", "--config", settings]);
        var export = await Harvester(db, wayback.Url, "export", "--out", _dir.Combine("md"));

        Assert.Equal(0, crawl.ExitCode);
        Assert.Equal(0, export.ExitCode);
        AssertSameTree(Expected, _dir.Combine("md"));
        Assert.InRange(wayback.Requests, 28, 40); // digest reuse: about one request per half-year
    }

    [Fact]
    public async Task Crawl_Again_ChangesNothingAndExportIsByteStable()
    {
        var db = _dir.Combine("h.db");
        await Harvester(db, _archive, ["crawl", .. Sites, "--from", "2018", "--to", "2019"]);
        await Harvester(db, _archive, "export", "--out", _dir.Combine("first"), "--format", "jsonl");

        var again = await Harvester(db, _archive, ["crawl", .. Sites, "--from", "2018", "--to", "2019"]);
        await Harvester(db, _archive, "export", "--out", _dir.Combine("second"), "--format", "jsonl");
        var reextract = await Harvester(db, _archive, "reextract");

        Assert.Contains("0 half-years, 0 with a policy, 0 archive calls", again.Output);
        Assert.Equal(File.ReadAllBytes(_dir.Combine("first", "policies.jsonl")), File.ReadAllBytes(_dir.Combine("second", "policies.jsonl")));
        Assert.Equal(9, File.ReadAllLines(_dir.Combine("first", "policies.jsonl")).Length);
        Assert.Equal("re-extracted 9 versions: 0 changed, 9 unchanged, 0 failed\n", reextract.Output);
    }

    [Fact]
    public async Task Queries_AnswerFromTheStore()
    {
        var db = _dir.Combine("h.db");
        await Harvester(db, _archive, ["crawl", .. Sites, "--from", "2018", "--to", "2019"]);

        var show = await Harvester(db, _archive, "show", "zeta-travel.example", "--at", "2018-11-15");
        var diff = await Harvester(db, _archive, "diff", "alpha-shop.example");
        var search = await Harvester(db, _archive, "search", "thirty days", "--site", "beta-news.example");
        var html = await Harvester(db, _archive, "export", "--out", _dir.Combine("html"), "--format", "html");

        Assert.Contains("Version 2. We collect", show.Output);
        Assert.Contains("+ You may ask us at any time", diff.Output);
        Assert.Equal(2, search.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, html.ExitCode);
        Assert.StartsWith("<!--The following is the downloaded HTML source of the alpha-shop.example privacy policy that was archived on 2019-04-06.",
            File.ReadAllText(_dir.Combine("html", "a", "al", "alp", "alpha-shop.example.html")));
    }

    [Theory]
    [InlineData("add", "not a domain!")]
    [InlineData("add", "http://")]
    public async Task Add_MalformedDomain_IsAUsageError(string command, string domain)
    {
        var run = await Harvester(_dir.Combine("h.db"), _archive, command, "--", domain);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a domain", run.Error);
    }

    [Fact]
    public async Task Add_ReversedYears_IsAUsageError()
    {
        var run = await Harvester(_dir.Combine("h.db"), _archive, "add", "a.example", "--from", "2020", "--to", "2010");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--from 2020 is after --to 2010", run.Error);
    }

    [Fact]
    public async Task Versions_UnknownSite_SaysHowToAddIt()
    {
        await Harvester(_dir.Combine("h.db"), _archive, "add", "somewhere.example");
        var run = await Harvester(_dir.Combine("h.db"), _archive, "versions", "nowhere.example");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("nowhere.example is not in", run.Error);
    }

    [Theory]
    [InlineData("""{ "Wayback": { "SnapshotRequestsPerSecond": -2 } }""", "The field SnapshotRequestsPerSecond must be between 0.01 and 1000.")]
    [InlineData("""{ "Wayback": { "SnapshotsPerSecond": 2 } }""", "SnapshotsPerSecond")]
    [InlineData("""{ "Wayback": { "BaseUrl": "ftp://nowhere" } }""", "BaseUrl 'ftp://nowhere' is not an http(s) URL.")]
    [InlineData("{ not json", "settings:")]
    public async Task BadSettings_FailFastWithOneClearLine(string json, string message)
    {
        var settings = _dir.Combine("bad.json");
        File.WriteAllText(settings, json);

        var run = await CliRun.RunAsync("captures", "a.example", "--config", settings);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Crawl_DiskNearlyFull_StopsWithAClearErrorAndKeepsWhatWasStored()
    {
        var db = _dir.Combine("h.db");
        await Harvester(db, _archive, "crawl", "alpha-shop.example", "--from", "2018", "--to", "2019");
        await Harvester(db, _archive, "export", "--out", _dir.Combine("before"), "--format", "jsonl");
        var reserve = _dir.Combine("reserve.json");
        File.WriteAllText(reserve, """{ "Storage": { "MinimumFreeMegabytes": 999999999 } }""");

        var full = await Harvester(db, _archive, "crawl", "zeta-travel.example", "--from", "2018", "--to", "2019", "--config", reserve);
        await Harvester(db, _archive, "export", "--out", _dir.Combine("after"), "--format", "jsonl");

        Assert.Equal(1, full.ExitCode);
        Assert.Contains("less than the 999999999 MiB kept in reserve; stopping before the disk fills up (everything stored so far is intact)", full.Error);
        Assert.Equal(File.ReadAllBytes(_dir.Combine("before", "policies.jsonl")), File.ReadAllBytes(_dir.Combine("after", "policies.jsonl")));
    }

    [Fact]
    public async Task Crawl_ArchiveDown_ReportsTheSiteAndItsReasonWithoutWaitingOut()
    {
        var settings = _dir.Combine("impatient.json");
        File.WriteAllText(settings, """{ "Wayback": { "MaxRetries": 1, "RetryBaseDelay": "00:00:00.010", "AttemptTimeout": "00:00:01" } }""");

        // The archive answers (so the start-up probe passes), but its CDX endpoint is down.
        using var server = WireMock.Server.WireMockServer.Start();
        server.Given(WireMock.RequestBuilders.Request.Create().WithPath("/cdx/search/cdx"))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = await Harvester(_dir.Combine("h.db"), server.Url!, "crawl", "down.example", "--from", "2018", "--to", "2018", "--config", settings);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("down.example: ", run.Error);
        Assert.Contains("503", run.Error);
        Assert.Contains("crawled 0 of 1 site ", run.Output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Retry_FailedJobs_AreQueuedAgain()
    {
        var db = _dir.Combine("h.db");
        await Harvester(db, _archive, "add", "gone.example");
        var run = await Harvester(db, _archive, "retry");
        Assert.Equal("queued 0 failed jobs again\n", run.Output);
    }

    [Fact]
    public async Task ForeignDatabaseFile_IsRefusedAndKept()
    {
        var notes = _dir.Combine("notes.db");
        File.WriteAllText(notes, "not a database");

        var run = await Harvester(notes, _archive, "status");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not a Harvester database", run.Error);
        Assert.Equal("not a database", File.ReadAllText(notes));
    }
}
