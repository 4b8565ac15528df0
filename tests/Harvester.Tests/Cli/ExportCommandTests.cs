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
        using (var database = HarvesterDatabase.Open(db))
        {
            var versions = new VersionStore(database, TimeProvider.System);
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
}
