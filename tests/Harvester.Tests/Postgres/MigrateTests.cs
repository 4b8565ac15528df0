using Harvester.Tests.Support;

namespace Harvester.Tests.Postgres;

public sealed class MigrateTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<Dictionary<string, byte[]>> ExportAsync(string db, string format, string name)
    {
        var dir = _dir.Combine(name);
        var export = await CliRun.RunAsync("--db", db, "export", "--format", format, "--out", dir);
        Assert.True(export.ExitCode == 0, export.Error);
        return Directory.GetFiles(dir, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(dir, f), File.ReadAllBytes);
    }

    [Fact]
    public async Task Migrate_CopiesEverything_Verified_Idempotent_Resumable_AndTheCopyCrawlsOn()
    {
        var lite = _dir.Combine("h.db");
        var crawl = await CliRun.RunAsync("--db", lite, "--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019",
            "alpha-shop.example", "beta-news.example", "gamma-bank.example", "zeta-travel.example", "delta-blog.example");
        Assert.True(crawl.ExitCode == 0, crawl.Error);
        var pg = PostgresServer.Instance.CreateDatabase();

        var first = await CliRun.RunAsync("migrate", "--from", lite, "--to", pg);
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        Assert.DoesNotContain("DIFFERENT", first.Output);
        Assert.Matches(@"versions: (\d+) read, \1 new; \1 in the file, \1 in PostgreSQL: identical", first.Output);
        Assert.Contains("every record copied and verified", first.Output);
        foreach (var format in new[] { "md", "jsonl" })
        {
            PostgresCliTests.AssertSameFiles(await ExportAsync(lite, format, "lite-" + format), await ExportAsync(pg, format, "pg-" + format));
        }

        var again = await CliRun.RunAsync("migrate", "--from", lite, "--to", pg);
        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@"versions: (\d+) read, 0 new", again.Output);
        Assert.Matches(@"payloads: (\d+) read, 0 new", again.Output);

        // An interrupted copy: part of what was copied is missing; running again copies exactly that.
        var name = PostgresServer.DatabaseName(pg);
        PostgresServer.Instance.Execute(name, "DELETE FROM intervals WHERE site = 'zeta-travel.example'; DELETE FROM versions WHERE site = 'zeta-travel.example'; DELETE FROM payloads WHERE sha256 IN (SELECT sha256 FROM payloads ORDER BY sha256 LIMIT 2)");
        var resumed = await CliRun.RunAsync("migrate", "--from", lite, "--to", pg);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Matches(@"payloads: \d+ read, 2 new", resumed.Output);
        Assert.Matches(@"versions: \d+ read, [1-9]\d* new", resumed.Output);
        PostgresCliTests.AssertSameFiles(await ExportAsync(lite, "jsonl", "lite-2"), await ExportAsync(pg, "jsonl", "pg-2"));

        // The copy is a working store: new sites get fresh ids after the copied ones.
        var more = await CliRun.RunAsync("--db", pg, "--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", "epsilon-games.example");
        Assert.True(more.ExitCode == 0, more.Error);
        Assert.Contains("v1", (await CliRun.RunAsync("--db", pg, "versions", "epsilon-games.example")).Output);

        // A target that differs is reported, not hidden.
        PostgresServer.Instance.Execute(name, "UPDATE versions SET title = 'changed' WHERE number = 1 AND site = 'alpha-shop.example'");
        var differs = await CliRun.RunAsync("migrate", "--from", lite, "--to", pg);
        Assert.Equal(1, differs.ExitCode);
        Assert.Contains("versions: ", differs.Output);
        Assert.Contains("differs from", differs.Error);
    }

    [Fact]
    public async Task Migrate_WrongWayRound_OrMissingFile_SaysSo()
    {
        var pg = PostgresServer.Instance.CreateDatabase();
        var wrong = await CliRun.RunAsync("migrate", "--from", pg, "--to", _dir.Combine("x.db"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("copies a LiteDB file", wrong.Error);
        var missing = await CliRun.RunAsync("migrate", "--from", _dir.Combine("none.db"), "--to", pg);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains("no such database", missing.Error);
    }
}
