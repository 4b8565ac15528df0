using Harvester.Storage;
using Harvester.Storage.LiteDb.Search;
using Harvester.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Harvester.Tests.Storage;

/// <summary>Search across sites goes through the word index; it must find exactly what reading every version finds.</summary>
public sealed class SearchTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LiteDbFile _db;
    private readonly IVersionStore _versions;

    public SearchTests()
    {
        _db = LiteDbFile.Open(_dir.Combine("test.db"));
        _versions = new LiteDbVersionStore(_db, _time);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    /// <summary>Stores a version whose Markdown is the provenance line Harvester writes, then <paramref name="body"/>.</summary>
    private void Store(string site, string body, string interval = "2018A") =>
        Store(site, body, interval, $"> *The following text is extracted and transformed from the {site} privacy policy (https://web.archive.org/web/2018id_/http%3A//{site}/privacy-and-cookies).*\n");

    private void Store(string site, string body, string interval, string header) =>
        _versions.RecordFound(site, interval, new VersionRecord
        {
            Markdown = header + body, TextHash = Harvester.Core.Versioning.PolicyText.Hash(header + body), PolicyUrl = "http://a/p", PolicyTimestamp = "20180101000000",
        }, 1);

    private string[] Found(string text, int limit = 0) =>
        _versions.Search(text, limit: limit).Versions.Select(v => $"{v.Site} v{v.Number}").ToArray();

    private string[] BruteForce(string text) =>
        _versions.All().Where(v => Harvester.Core.Versioning.PolicyText.Body(v.Markdown).Contains(text, StringComparison.OrdinalIgnoreCase)).Select(v => $"{v.Site} v{v.Number}").ToArray();

    [Fact]
    public void IndexedSearch_FindsWhatReadingEveryVersionFinds()
    {
        var random = new Random(7);
        string[] vocabulary = ["privacy", "Policy", "cookies", "data", "we", "share", "third-party", "e-mail", "GDPR", "Ünïcode", "2018", "opt-out", "ſtraße", "K"];
        var texts = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            var words = Enumerable.Range(0, random.Next(3, 25)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
            var text = $"# Policy {i}\n\n" + string.Join(random.Next(2) == 0 ? " " : ", ", words) + (i % 10 == 0 ? " " + new string('x', 60) + "tail" : "") + "\n";
            texts.Add(text);
            Store($"s{i % 20:00}.example", text, $"{2000 + i}A");
            if (i == 30) new LiteDbSearchIndex(_db).CatchUp(batchSize: 7, cancellationToken: TestContext.Current.CancellationToken); // half indexed, half stored after: both must be found
        }
        var queries = new List<string> { "privacy policy", "RIVAC", "cy, coo", "opt-", "-", ", ", "e-mail", "xtail", "XXXX", "ünïc", "STRASSE", "k", "gdpr 2018", "nothing like this" };
        for (int i = 0; i < 200; i++)
        {
            var text = texts[random.Next(texts.Count)];
            int start = random.Next(text.Length - 1);
            queries.Add(text.Substring(start, Math.Min(text.Length - start, random.Next(1, 20))));
        }

        foreach (var query in queries.Where(q => q.Trim().Length > 0))
        {
            Assert.True(BruteForce(query).Order().SequenceEqual(Found(query).Order()), $"query \"{query}\"");
        }
        new LiteDbSearchIndex(_db).CatchUp(cancellationToken: TestContext.Current.CancellationToken);
        foreach (var query in queries.Where(q => q.Trim().Length > 0))
        {
            Assert.True(BruteForce(query).Order().SequenceEqual(Found(query).Order()), $"query \"{query}\" after catching up");
        }
    }

    [Fact]
    public void Index_NarrowsCandidatesToVersionsWithTheWords()
    {
        Store("a.example", "We sell your data.\n");
        Store("b.example", "We never sell anything.\n");
        Store("c.example", "Cookies only.\n");
        var index = new LiteDbSearchIndex(_db);
        Assert.Equal(3, index.Pending);

        Assert.Equal(3, index.CatchUp(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(0, index.Pending);
        Assert.Equal(2, index.Candidates(" sell ")!.Count);
        Assert.Single(index.Candidates("your data")!);
        Assert.Empty(index.Candidates(" cookie ")!); // a whole word only
        Assert.Single(index.Candidates("cookie")!); // part of a word
        Assert.Null(index.Candidates("..."));
    }

    [Fact]
    public void Search_MatchesThePolicyText_NotTheProvenanceLineWeWrote()
    {
        Store("a.example", "\n# Privacy\n\nWe use cookies.\n");
        Store("b.example", "\n# Privacy\n\nWe sell nothing.\n");
        new LiteDbSearchIndex(_db).CatchUp(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["a.example v1"], Found("cookie"));
        Assert.Empty(_versions.Search("cookie", site: "b.example").Versions);
        Assert.Empty(Found("web.archive.org"));
        Assert.Equal(2, Found("privacy").Length); // the heading, not the header's URL
    }

    [Fact]
    public void Limit_CutsTheListAndSaysSo()
    {
        for (int i = 0; i < 5; i++) Store($"s{i}.example", $"Policy number {i}.\n");
        new LiteDbSearchIndex(_db).CatchUp(cancellationToken: TestContext.Current.CancellationToken);

        var limited = _versions.Search("policy", limit: 3);
        var all = _versions.Search("policy");

        Assert.Equal(3, limited.Versions.Count);
        Assert.False(limited.Complete);
        Assert.Equal(5, all.Versions.Count);
        Assert.True(all.Complete);
        Assert.True(_versions.Search("number 4", limit: 3).Complete);
    }

    [Fact]
    public void Reset_ForgetsTheIndex_AndCatchUpRebuildsIt()
    {
        Store("a.example", "Old words.\n");
        var index = new LiteDbSearchIndex(_db);
        index.CatchUp(cancellationToken: TestContext.Current.CancellationToken);
        var version = _versions.ForSite("a.example")[0];
        version.Markdown = "> *provenance*\nNew words.\n";
        _versions.UpdateMarkdown(version);

        index.Reset();
        Assert.Equal(1, index.Pending);
        Assert.Single(Found("new words")); // found even before the rebuild
        index.CatchUp(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Single(Found("new words"));
        Assert.Empty(Found("old words"));
        Assert.Empty(index.Candidates("old ")!);
    }
}
