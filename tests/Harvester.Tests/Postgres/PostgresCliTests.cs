using Harvester.Tests.Support;

namespace Harvester.Tests.Postgres;

/// <summary>The command line on a PostgreSQL store: the same commands as on a LiteDB file, the same answers and export bytes.</summary>
public sealed class PostgresCliTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Sites = ["alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example"];

    private static async Task CrawlAsync(string db)
    {
        var crawl = await CliRun.RunAsync(["--db", db, "--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", .. Sites]);
        Assert.True(crawl.ExitCode == 0, crawl.Error + crawl.Output);
    }

    private async Task<Dictionary<string, byte[]>> ExportAsync(string db, string format, string name)
    {
        var dir = _dir.Combine(name);
        var export = await CliRun.RunAsync("--db", db, "export", "--format", format, "--out", dir);
        Assert.True(export.ExitCode == 0, export.Error);
        return Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);
    }

    internal static void AssertSameFiles(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, bytes) in expected) Assert.True(bytes.AsSpan().SequenceEqual(actual[file]), $"{file} differs");
    }

    [Fact]
    public async Task Crawl_OnBothBackends_ExportsTheSameBytes_AndQueriesAnswerAlike()
    {
        var pg = PostgresServer.Instance.CreateDatabase();
        var lite = _dir.Combine("h.db");
        await CrawlAsync(lite);
        await CrawlAsync(pg);

        foreach (var format in new[] { "md", "html", "jsonl" })
        {
            AssertSameFiles(await ExportAsync(lite, format, "lite-" + format), await ExportAsync(pg, format, "pg-" + format));
        }
        Assert.NotEmpty(await ExportAsync(pg, "md", "pg-md2"));

        foreach (var query in new[] { new[] { "versions", "zeta-travel.example" }, ["show", "alpha-shop.example", "2"], ["diff", "alpha-shop.example", "1", "2"],
                     ["search", "privacy"], ["search", "cookies", "--json"], ["versions", "nowhere.example"] })
        {
            var a = await CliRun.RunAsync(["--db", lite, .. query]);
            var b = await CliRun.RunAsync(["--db", pg, .. query]);
            Assert.Equal(a.ExitCode, b.ExitCode);
            Assert.Equal(a.Output.Replace(lite, "STORE"), b.Output.Replace(PostgresStoreLocation(pg), "STORE"));
        }

        var status = await CliRun.RunAsync("--db", pg, "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("(shared)", status.Output);
        Assert.Contains("jobs: 6 done", status.Output);
        Assert.DoesNotContain("password", status.Output);
    }

    private static string PostgresStoreLocation(string address) => Harvester.Storage.Postgres.PostgresAddress.Describe(address);

    [Fact]
    public async Task BadAddresses_GiveOneLine()
    {
        var server = PostgresServer.Instance;
        var cases = new (string Db, string Expect)[]
        {
            ($"postgresql://harvester@127.0.0.1:{server.Port}/no_such_db", "does not exist"),
            ($"postgresql://harvester@127.0.0.1:1/h", "cannot reach PostgreSQL"),
            ("postgresql://[bad", "not a PostgreSQL address"),
            ($"postgresql://nobody:secret@127.0.0.1:{server.Port}/postgres", "nobody"),
        };
        foreach (var (db, expect) in cases)
        {
            var run = await CliRun.RunAsync("--db", db, "status");
            Assert.NotEqual(0, run.ExitCode);
            var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(expect, line);
            Assert.DoesNotContain("secret", line);
            Assert.DoesNotContain("   at ", run.Error);
        }
    }

    [Fact]
    public async Task WorkersStartingAtOnce_OnAnEmptyDatabase_ApplyTheSchemaOnce()
    {
        var pg = PostgresServer.Instance.CreateDatabase();
        var opened = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
        {
            using var store = Harvester.Storage.Postgres.PostgresStore.Open(pg);
            return store.Sites.Count;
        }, TestContext.Current.CancellationToken)));
        Assert.All(opened, count => Assert.Equal(0, count));
        var name = PostgresServer.DatabaseName(pg);
        using var connection = new Npgsql.NpgsqlConnection(PostgresServer.Instance.ConnectionString(name));
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM harvester_schema", connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        Assert.Equal(Harvester.Storage.Postgres.PostgresMigrations.Latest, (int)reader.GetInt64(0));
    }

    [Fact]
    public async Task NewerSchema_IsRefused_Untouched()
    {
        var pg = PostgresServer.Instance.CreateDatabase();
        Assert.Equal(0, (await CliRun.RunAsync("--db", pg, "add", "a.example")).ExitCode);
        var name = PostgresServer.DatabaseName(pg);
        PostgresServer.Instance.Execute(name, "INSERT INTO harvester_schema (version, name) VALUES (999, '0999_future')");
        var run = await CliRun.RunAsync("--db", pg, "versions", "a.example");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("schema is version 999, newer than this program's", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
