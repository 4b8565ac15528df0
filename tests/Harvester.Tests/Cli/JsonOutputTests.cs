using System.Text.Json;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary><c>--json</c> on the query commands: one document each, parsed here by the schema README documents.</summary>
public sealed class JsonOutputTests : IClassFixture<DamagedStoreTests.CrawledStore>
{
    private readonly DamagedStoreTests.CrawledStore _store;

    public JsonOutputTests(DamagedStoreTests.CrawledStore store) => _store = store;

    private async Task<JsonElement> Json(params string[] args)
    {
        var run = await CliRun.RunAsync(["--db", _store.Path, .. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Output).RootElement;
    }

    [Fact]
    public async Task Versions_ListsEveryVersionWithProvenance_AndEveryHalfYear()
    {
        var doc = await Json("versions", "zeta-travel.example");

        Assert.Equal("zeta-travel.example", doc.GetProperty("site").GetString());
        var versions = doc.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], versions.Select(v => v.GetProperty("version").GetInt32()));
        var first = versions[0];
        Assert.Equal("2018A", first.GetProperty("first_interval").GetString());
        Assert.EndsWith("/privacy-notice#top", first.GetProperty("policy_url").GetString());
        Assert.Equal(64, first.GetProperty("text_sha256").GetString()!.Length);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("markdown").ValueKind);
        var halfYears = doc.GetProperty("half_years").EnumerateArray().ToList();
        Assert.Equal(["2018A", "2018B", "2019A", "2019B"], halfYears.Select(h => h.GetProperty("interval").GetString()));
        Assert.All(halfYears, h => Assert.False(string.IsNullOrEmpty(h.GetProperty("outcome").GetString())));
    }

    [Fact]
    public async Task Show_IsTheVersionWithItsMarkdown_ByteForByte()
    {
        var text = await CliRun.RunAsync("--db", _store.Path, "show", "zeta-travel.example", "--version", "2");
        var doc = await Json("show", "zeta-travel.example", "--version", "2");

        Assert.Equal(2, doc.GetProperty("version").GetInt32());
        Assert.Equal(text.Output, doc.GetProperty("markdown").GetString());
    }

    [Fact]
    public async Task Search_HitsWithSnippets_AndWhetherTheListIsComplete()
    {
        var doc = await Json("search", "privacy", "--limit", "1");

        Assert.Equal("privacy", doc.GetProperty("query").GetString());
        var hits = doc.GetProperty("hits").EnumerateArray().ToList();
        Assert.Single(hits);
        Assert.Contains("privacy", hits[0].GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.False, doc.GetProperty("complete").ValueKind);
    }

    [Fact]
    public async Task Diff_ChangedLinesWithTheirSide()
    {
        var doc = await Json("diff", "zeta-travel.example", "1", "2");

        Assert.Equal(1, doc.GetProperty("from").GetProperty("version").GetInt32());
        Assert.Equal(2, doc.GetProperty("to").GetProperty("version").GetInt32());
        var lines = doc.GetProperty("lines").EnumerateArray().ToList();
        Assert.Contains(lines, l => l.GetProperty("op").GetString() == "-" && l.GetProperty("text").GetString()!.Contains("Version 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.GetProperty("op").GetString() == "+" && l.GetProperty("text").GetString()!.Contains("Version 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_FromTheDatabase_CountsEverything()
    {
        var doc = await Json("status");

        Assert.Equal("database", doc.GetProperty("source").GetString());
        Assert.Equal(6, doc.GetProperty("sites").GetProperty("done").GetInt32());
        Assert.Equal(6, doc.GetProperty("jobs").GetProperty("done").GetInt32());
        Assert.True(doc.GetProperty("versions").GetInt32() >= 8);
        Assert.Equal(24, doc.GetProperty("half_years").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(JsonValueKind.Array, doc.GetProperty("failed").ValueKind);
    }

    [Fact]
    public async Task NotFound_KeepsItsExitCodeAndItsLine()
    {
        var run = await CliRun.RunAsync("--db", _store.Path, "versions", "nosuch.example", "--json");

        Assert.Equal(3, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.StartsWith("harvester: nosuch.example is not in", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captures_OneObjectPerLine()
    {
        var run = await CliRun.RunAsync("--archive", FixtureArchive.Folder, "captures", "alpha-shop.example", "--json");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l =>
        {
            Assert.Matches("^20(18|19)[0-9]{10}$", l.GetProperty("timestamp").GetString());
            Assert.StartsWith("http", l.GetProperty("original_url").GetString(), StringComparison.Ordinal);
            Assert.True(l.TryGetProperty("is_revisit", out _));
        });
    }
}

/// <summary><c>export --format parquet</c>: read back, it holds exactly what the JSON Lines export holds.</summary>
public sealed class ParquetExportTests : IClassFixture<DamagedStoreTests.CrawledStore>, IDisposable
{
    private readonly DamagedStoreTests.CrawledStore _store;
    private readonly TemporaryDirectory _dir = new();

    public ParquetExportTests(DamagedStoreTests.CrawledStore store) => _store = store;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Parquet_ReadBack_EqualsTheJsonLinesExport()
    {
        var parquet = await CliRun.RunAsync("--db", _store.Path, "export", "--format", "parquet", "--out", _dir.Combine("pq"));
        await CliRun.RunAsync("--db", _store.Path, "export", "--format", "jsonl", "--out", _dir.Combine("jsonl"));

        Assert.Equal(0, parquet.ExitCode);
        await using var file = File.OpenRead(_dir.Combine("pq", "policies.parquet"));
        var result = await Parquet.Serialization.ParquetSerializer.DeserializeAsync<Harvester.Cli.Commands.PolicyRow>(file, cancellationToken: TestContext.Current.CancellationToken);
        var columns = result.Schema.GetDataFields().Select(f => f.Name).ToList();
        Assert.Contains("policy_url", columns);
        Assert.Contains("markdown", columns);
        var rows = result.Data;
        var lines = File.ReadAllLines(_dir.Combine("jsonl", "policies.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(lines.Count, rows.Count);
        Assert.Contains($"exported {rows.Count} versions", parquet.Output);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(lines[i].GetProperty("site").GetString(), rows[i].Site);
            Assert.Equal(lines[i].GetProperty("version").GetInt32(), rows[i].Version);
            Assert.Equal(lines[i].GetProperty("policy_url").GetString(), rows[i].PolicyUrl);
            Assert.Equal(lines[i].GetProperty("intervals").EnumerateArray().Select(e => e.GetString()), rows[i].Intervals);
            Assert.Equal(lines[i].GetProperty("markdown").GetString(), rows[i].Markdown);
            Assert.Equal(lines[i].GetProperty("simhash").GetString(), rows[i].SimHash);
        }
    }
}
