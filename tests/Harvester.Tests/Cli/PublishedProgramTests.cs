using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Harvester.Tests.Postgres;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>
/// The program <c>dotnet publish</c> makes is native (Native AOT, partly trimmed): code that works in the built program
/// can fail only there (reflection on trimmed members, expression trees that cannot be compiled). So every command runs
/// in both, and their outputs and files must be the same bytes.
/// </summary>
[Collection(ReleaseBuildCollection.Name)]
public sealed class PublishedProgramTests : IClassFixture<PublishedProgramTests.PublishedProgram>, IDisposable
{
    private static readonly string[] Sites = ["alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example"];

    private readonly PublishedProgram _published;
    private readonly TemporaryDirectory _dir = new();

    public PublishedProgramTests(PublishedProgram published) => _published = published;

    public void Dispose() => _dir.Dispose();

    /// <summary>Publishes the command line once, as README says (<c>dotnet publish src/Harvester.Cli -c Release -o DIR</c>).</summary>
    public sealed class PublishedProgram : IAsyncLifetime
    {
        private readonly TemporaryDirectory _dir = new();

        public string Executable => _dir.Combine("harvester");

        public async ValueTask InitializeAsync()
        {
            var publish = await ChildRun.RunAsync("dotnet", ["publish", "src/Harvester.Cli", "-c", "Release", "-o", _dir.Path], RepositoryPaths.Root);
            Assert.True(publish.ExitCode == 0, publish.Output + publish.Error);
            Assert.True(File.Exists(Executable), "publish made no 'harvester' program");
            Assert.False(File.Exists(_dir.Combine("harvester.dll")), "the published program is not native: harvester.dll is beside it");
        }

        public ValueTask DisposeAsync()
        {
            _dir.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The published program and the built one (<c>dotnet harvester.dll</c>), each in its own folder.</summary>
    private Task<ChildRun> PublishedAsync(string folder, params string[] args) => ChildRun.RunAsync(_published.Executable, args, Folder(folder), NoDiagnostics);

    private Task<ChildRun> BuiltAsync(string folder, params string[] args) => ChildRun.RunAsync("dotnet", [HarvesterProcess.Dll, .. args], Folder(folder), NoDiagnostics);

    private static readonly Dictionary<string, string> NoDiagnostics = new() { ["DOTNET_EnableDiagnostics"] = "0" };

    private string Folder(string name)
    {
        var path = _dir.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs ARGS in both programs; exit codes and output must match (times in summaries aside).</summary>
    private Task<ChildRun> BothAsync(params string[] args) => BothAsync(compareOutput: true, args);

    private async Task<ChildRun> BothAsync(bool compareOutput, params string[] args)
    {
        var built = await BuiltAsync("built", args);
        var published = await PublishedAsync("published", args);
        Assert.True(built.ExitCode == published.ExitCode, $"{string.Join(' ', args)}: exit {built.ExitCode} built, {published.ExitCode} published\n{published.Error}");
        if (compareOutput)
        {
            Assert.Equal(Normalize(built.Output, "built"), Normalize(published.Output, "published"));
            Assert.Equal(Normalize(built.Error, "built"), Normalize(published.Error, "published"));
        }
        return published;
    }

    private string Normalize(string text, string folder) =>
        System.Text.RegularExpressions.Regex.Replace(text.Replace(_dir.Combine(folder), "DIR"), @"\d+\.\d+ s\b|\(\d+(\.\d+)? documents/s, \d+\.\d+ MB/s\)", "TIME");

    private Dictionary<string, byte[]> Files(string folder, string name)
    {
        var dir = _dir.Combine(folder, name);
        return Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);
    }

    private void AssertSameFiles(string name) => PostgresCliTests.AssertSameFiles(Files("built", name), Files("published", name));

    [Fact]
    public async Task Version_IsNative_AndSaysTheExtractor()
    {
        var run = await BothAsync("--version");
        Assert.Contains("extractor harvester-extract/4", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_WritesTheSameBytes()
    {
        var inputs = new List<string> { Path.Combine(RepositoryPaths.Fixtures, "pages") };
        if (RepositoryPaths.DevCorpus is { } corpus) inputs.Add(corpus);
        foreach (var (input, i) in inputs.Select((p, i) => (p, i)))
        {
            await BothAsync("extract", input, "--out", "x" + i);
            AssertSameFiles("x" + i);
            Assert.NotEmpty(Files("published", "x" + i));
        }
        await BothAsync("extract", "no-such-page.html");
    }

    [Fact]
    public async Task Crawl_Exports_Queries_And_Maintenance_AnswerTheSame()
    {
        await BothAsync(["--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", .. Sites]);
        foreach (var format in new[] { "md", "html", "jsonl", "parquet" })
        {
            await BothAsync("export", "--format", format, "--out", "export-" + format);
            AssertSameFiles("export-" + format);
        }
        await BothAsync("export", "--format", "git", "--out", "export-git");
        AssertSameFiles("export-git");

        foreach (var query in new[]
                 {
                     new[] { "versions", "zeta-travel.example" }, ["versions", "zeta-travel.example", "--json"], ["show", "alpha-shop.example", "--version", "2", "--json"],
                     ["diff", "alpha-shop.example", "1", "2"], ["diff", "alpha-shop.example", "--json"], ["search", "privacy"], ["search", "cookies", "--json"],
                     ["versions", "nowhere.example"], ["captures", "--archive", FixtureArchive.Folder, "alpha-shop.example", "--json"],
                     ["plan", "--archive", FixtureArchive.Folder, "alpha-shop.example"], ["check"], ["reextract"], ["retry"],
                 })
        {
            await BothAsync(query);
        }
        var status = await PublishedAsync("published", "status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("\"versions\": 9", status.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_RunsTheQueue()
    {
        await BothAsync("add", "alpha-shop.example", "zeta-travel.example", "--from", "2018", "--to", "2019");
        // Its log lines carry times: only the outcome is compared, and what it stored.
        var run = await BothAsync(false, "--archive", FixtureArchive.Folder, "run", "--once", "--log-format", "json");
        Assert.Equal(0, run.ExitCode);
        await BothAsync("versions", "alpha-shop.example");
        await BothAsync("export", "--out", "out");
        AssertSameFiles("out");
    }

    [Fact]
    public async Task Serve_AnswersTheSamePagesAndApi()
    {
        await BothAsync(["--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", .. Sites]);
        var answers = new Dictionary<string, List<(HttpStatusCode, string?, string)>>();
        foreach (var (name, executable, prefix) in new[] { ("built", "dotnet", new[] { HarvesterProcess.Dll }), ("published", _published.Executable, Array.Empty<string>()) })
        {
            int port = LoopbackPort.Free();
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder(name) };
            foreach (var a in prefix.Concat(["serve", "--urls", $"http://127.0.0.1:{port}"])) start.ArgumentList.Add(a);
            start.Environment["DOTNET_EnableDiagnostics"] = "0";
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitUntilServingAsync(http);
                var list = answers[name] = [];
                foreach (var path in new[]
                         {
                             "/api/sites", "/api/sites/alpha-shop.example", "/api/sites/alpha-shop.example/versions/1", "/api/sites/alpha-shop.example/versions/1/markdown",
                             "/api/sites/alpha-shop.example/diff?from=1&to=2", "/api/search?q=privacy", "/api/sites?limit=abc", "/api/nothing", "/openapi/v1.json",
                             "/", "/sites/alpha-shop.example", "/sites/alpha-shop.example/v/1", "/sites/alpha-shop.example/diff", "/search?q=cookie", "/assets/app.css",
                         })
                {
                    using var response = await http.GetAsync(path, TestContext.Current.CancellationToken);
                    var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                    // The two crawls ran at different moments (when a capture was fetched), the two servers on their own ports.
                    body = System.Text.RegularExpressions.Regex.Replace(body, @"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", "TIME")
                        .Replace($"127.0.0.1:{port}", "127.0.0.1:PORT", StringComparison.Ordinal);
                    list.Add((response.StatusCode, response.Content.Headers.ContentType?.MediaType, body));
                }
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            }
            Assert.DoesNotContain("harvester serve:", await errors, StringComparison.Ordinal);
        }
        Assert.Equal(answers["built"].Count, answers["published"].Count);
        for (int i = 0; i < answers["built"].Count; i++)
        {
            var (status, type, body) = answers["published"][i];
            Assert.Equal(answers["built"][i].Item1, status);
            Assert.Equal(answers["built"][i].Item2, type);
            Assert.Equal(answers["built"][i].Item3, body);
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{i}: {status}");
        }
        Assert.Equal("limit: 'abc' is not a whole number", System.Text.Json.JsonDocument.Parse(answers["published"][6].Item3).RootElement.GetProperty("detail").GetString());
        Assert.Equal("application/problem+json", answers["published"][6].Item2);
    }

    [Fact]
    public async Task PostgreSql_MigrateCrawlAndExport_AnswerTheSame()
    {
        await BothAsync(["--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", .. Sites]);
        var server = PostgresServer.Instance;
        foreach (var name in new[] { "built", "published" })
        {
            var pg = server.CreateDatabase();
            var run = name == "built" ? await BuiltAsync(name, "migrate", "--from", "harvester.db", "--to", pg) : await PublishedAsync(name, "migrate", "--from", "harvester.db", "--to", pg);
            Assert.True(run.ExitCode == 0, run.Error + run.Output);
            run = name == "built" ? await BuiltAsync(name, "--db", pg, "export", "--format", "jsonl", "--out", "pg") : await PublishedAsync(name, "--db", pg, "export", "--format", "jsonl", "--out", "pg");
            Assert.True(run.ExitCode == 0, run.Error);
            var crawl = await PublishedAsync(name, ["--db", pg, "--archive", FixtureArchive.Folder, "crawl", "--from", "2020", "--to", "2020", "alpha-shop.example"]);
            Assert.True(crawl.ExitCode == 0, crawl.Error + crawl.Output);
            var status = await PublishedAsync(name, "--db", pg, "status");
            Assert.True(status.ExitCode == 0, status.Error);
            Assert.Contains("(shared)", status.Output, StringComparison.Ordinal);
        }
        AssertSameFiles("pg");
        var unreachable = await PublishedAsync("published", "--db", "postgresql://harvester@127.0.0.1:1/none", "status");
        Assert.NotEqual(0, unreachable.ExitCode);
        Assert.Single(unreachable.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", unreachable.Error, StringComparison.Ordinal);
    }

    private static async Task WaitUntilServingAsync(HttpClient http)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync("/api/status", TestContext.Current.CancellationToken);
                return;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }
    }
}

/// <summary>Tests that build the command line in Release (publish, pack) share its output folders, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ReleaseBuildCollection
{
    public const string Name = "Release builds";
}
