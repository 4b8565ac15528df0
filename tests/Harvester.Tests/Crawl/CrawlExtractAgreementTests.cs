using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// One page, one answer: for the same bytes and provenance, <c>harvester extract</c> writes exactly the Markdown that the
/// crawl stored. Each stored version's raw snapshot is handed to <c>extract</c> with the version's own provenance.
/// </summary>
public sealed class CrawlExtractAgreementTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Extract_OnEveryStoredSnapshot_WritesTheVersionTheCrawlStored()
    {
        var db = _dir.Combine("h.db");
        var crawl = await CliRun.RunAsync("--db", db, "--archive", FixtureArchive.Folder, "crawl", "--file",
            Path.Combine(RepositoryPaths.Fixtures, "sites.txt"), "--from", "2018", "--to", "2019");
        Assert.Equal(0, crawl.ExitCode);

        List<VersionRecord> versions;
        var pages = new Dictionary<int, byte[]>();
        using (var database = LiteDbFile.Open(db))
        {
            var store = new LiteDbVersionStore(database, TimeProvider.System);
            var payloads = new LiteDbPayloadStore(database);
            versions = store.All().ToList();
            foreach (var v in versions) pages[v.Id] = payloads.Get(v.PayloadSha256);
        }
        Assert.Equal(9, versions.Count); // 11 half-years with a policy, 9 distinct texts
        Assert.Contains(versions, v => v.PolicyUrl.EndsWith("#top", StringComparison.Ordinal)); // the link as found
        Assert.Contains(versions, v => v.Charset is not null && v.Charset != "utf-8");

        foreach (var v in versions)
        {
            var page = _dir.Combine($"page{v.Id}.html");
            File.WriteAllBytes(page, pages[v.Id]);
            var outDir = _dir.Combine($"out{v.Id}");
            string[] args = ["extract", page, "--site", v.Site, "--url", v.PolicyUrl, "--timestamp", v.PolicyTimestamp, "--out", outDir];
            if (v.Charset is not null) args = [.. args, "--charset", v.Charset];

            var extract = await CliRun.RunAsync(args);

            Assert.True(extract.ExitCode == 0, $"{v.Site} v{v.Number}: {extract.Error}");
            Assert.Equal(v.Markdown, File.ReadAllText(Path.Combine(outDir, v.Site + ".md")));
        }
    }
}
