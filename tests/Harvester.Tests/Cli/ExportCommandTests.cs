using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary><c>export</c> picks each site's latest version, streams its output and leaves no temporary files.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static VersionRecord Candidate(string markdown) =>
        new() { Markdown = markdown, TextHash = Harvester.Core.Versioning.PolicyText.Hash(markdown), PolicyUrl = "http://a/p", PolicyTimestamp = "20180101000000" };

    [Fact]
    public async Task Markdown_IsEachSitesLatestVersion_ByLastHalfYearThenNumber()
    {
        var db = _dir.Combine("h.db");
        using (var database = LiteDbFile.Open(db))
        {
            IVersionStore versions = new LiteDbVersionStore(database, TimeProvider.System);
            // a.example: v1 in 2018A, v2 in 2018B, v1 again in 2019A: v1 is the latest. b.example: v1 then v2.
            versions.RecordFound("a.example", "2018A", Candidate("# A\n\nOne.\n"), 1);
            versions.RecordFound("a.example", "2018B", Candidate("# A\n\nTwo.\n"), 1);
            versions.RecordFound("a.example", "2019A", Candidate("# A\n\nOne.\n"), 1);
            versions.RecordFound("b.example", "2018A", Candidate("# B\n\nOne.\n"), 1);
            versions.RecordFound("b.example", "2019A", Candidate("# B\n\nTwo.\n"), 1);
            versions.RecordFound("c.example", "2018A", Candidate("# C\n\nOne.\n"), 1);
        }

        var export = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("md"));
        var lines = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("jsonl"), "--format", "jsonl");

        Assert.Equal(0, export.ExitCode);
        Assert.Equal("# A\n\nOne.\n", File.ReadAllText(_dir.Combine("md", "a", "a.", "a.e", "a.example.md")));
        Assert.Equal("# B\n\nTwo.\n", File.ReadAllText(_dir.Combine("md", "b", "b.", "b.e", "b.example.md")));
        Assert.Equal("# C\n\nOne.\n", File.ReadAllText(_dir.Combine("md", "c", "c.", "c.e", "c.example.md")));
        Assert.Contains("exported 3 sites", export.Output);
        Assert.Equal(0, lines.ExitCode);
        Assert.Equal(5, File.ReadAllLines(_dir.Combine("jsonl", "policies.jsonl")).Length);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task At_AHalfYear_IsTheStoreAsItWasThen()
    {
        var db = _dir.Combine("at.db");
        using (var database = LiteDbFile.Open(db))
        {
            IVersionStore versions = new LiteDbVersionStore(database, TimeProvider.System);
            versions.RecordFound("a.example", "2018A", Candidate("# A\n\nOne.\n"), 1);
            versions.RecordFound("a.example", "2018B", Candidate("# A\n\nTwo.\n"), 1);
            versions.RecordFound("a.example", "2019A", Candidate("# A\n\nOne.\n"), 1);
            versions.RecordFound("b.example", "2018A", Candidate("# B\n\nOne.\n"), 1);
            versions.RecordFound("b.example", "2019A", Candidate("# B\n\nTwo.\n"), 1);
            versions.RecordFound("d.example", "2019A", Candidate("# D\n\nOne.\n"), 1);
        }
        string A(string dir) => File.ReadAllText(_dir.Combine(dir, "a", "a.", "a.e", "a.example.md"));
        string B(string dir) => File.ReadAllText(_dir.Combine(dir, "b", "b.", "b.e", "b.example.md"));

        var first = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("2018A"), "--at", "2018A");
        var second = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("2018B"), "--at", "2018B");
        var third = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("2019A"), "--at", "2019A");
        var lines = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("jsonl"), "--format", "jsonl", "--at", "2018B");
        var bad = await CliRun.RunAsync("--db", db, "export", "--out", _dir.Combine("bad"), "--at", "2018C");

        Assert.Contains("exported 2 sites", first.Output);
        Assert.Equal(("# A\n\nOne.\n", "# B\n\nOne.\n"), (A("2018A"), B("2018A")));
        Assert.False(File.Exists(_dir.Combine("2018A", "d", "d.", "d.e", "d.example.md")), "a site first found later is absent");
        Assert.Equal(("# A\n\nTwo.\n", "# B\n\nOne.\n"), (A("2018B"), B("2018B")));
        Assert.Equal(("# A\n\nOne.\n", "# B\n\nTwo.\n"), (A("2019A"), B("2019A")));
        Assert.Contains("exported 3 sites", third.Output);
        var records = File.ReadAllLines(_dir.Combine("jsonl", "policies.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a.example v1 2018A..2018A", "a.example v2 2018B..2018B", "b.example v1 2018A..2018A"],
            records.Select(r => $"{r.GetProperty("site").GetString()} v{r.GetProperty("version").GetInt32()} {r.GetProperty("first_interval").GetString()}..{r.GetProperty("last_interval").GetString()}"));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, lines.ExitCode);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--at '2018C' is not a half-year", bad.Error);
    }
}
