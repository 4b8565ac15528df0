using Harvester.Archive.Warc;
using Harvester.Core.Extraction;
using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// How often a site's crawl asks the store whether a capture was fetched before: on PostgreSQL each ask is a round trip,
/// so the crawl asks for the captures it expects to load together, not one by one.
/// </summary>
public sealed class StoreAskTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ACrawl_AsksWhetherCapturesWereFetched_AFewTimesASite_NotOnceACapture()
    {
        using var file = LiteDbStore.Open(_dir.Combine("h.db"));
        var store = new CountingStore(file);
        var crawler = new SiteCrawler(new WarcArchive(FixtureArchive.Folder), store, new PolicyExtractor());
        string[] sites = ["alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example"];
        int found = 0;
        foreach (var domain in sites)
        {
            found += (await crawler.CrawlAsync(new SiteRecord { Domain = domain, FromYear = 2015, ToYear = 2019 }, CancellationToken.None)).Found;
        }
        var payloads = (CountingPayloads)store.Payloads;

        Assert.True(found >= 10, $"{found} half-years with a policy");
        // One ask for the home page's captures and one for each policy URL's; a single capture now and then (a redirect's target).
        Assert.InRange(payloads.Asks, sites.Length, 3 * sites.Length);
        Assert.True(payloads.SingleAsks <= sites.Length, $"{payloads.SingleAsks} captures asked one by one");
        Assert.True(payloads.Asked > payloads.Asks, $"{payloads.Asked} digests in {payloads.Asks} asks");
    }

    private sealed class CountingStore(IHarvesterStore inner) : IHarvesterStore
    {
        public string Location => inner.Location;
        public bool IsShared => inner.IsShared;
        public ISiteStore Sites => inner.Sites;
        public ICaptureStore Captures => inner.Captures;
        public IPayloadStore Payloads { get; } = new CountingPayloads(inner.Payloads);
        public IVersionStore Versions => inner.Versions;
        public IJobQueue Jobs => inner.Jobs;
        public IMarkerStore Markers => inner.Markers;
        public ISearchIndex Search => inner.Search;
        public IWorkerRegistry Workers => inner.Workers;
        public IRateBudgetStore? RateBudgets => inner.RateBudgets;
        public void EnsureFreeSpace(long minimumFreeBytes) => inner.EnsureFreeSpace(minimumFreeBytes);
        public void Dispose() => inner.Dispose();
    }

    private sealed class CountingPayloads(IPayloadStore inner) : IPayloadStore
    {
        public int SingleAsks { get; private set; }
        public int Asks { get; private set; }
        public int Asked { get; private set; }

        public IReadOnlyList<string> PutMany(IReadOnlyList<(byte[] Bytes, FetchedDigestRecord? Fetched)> payloads) => inner.PutMany(payloads);
        public byte[] Get(string sha256) => inner.Get(sha256);
        public int Count => inner.Count;

        public FetchedDigestRecord? FindFetched(string digest)
        {
            SingleAsks++;
            return inner.FindFetched(digest);
        }

        public IReadOnlyDictionary<string, FetchedDigestRecord> FindFetched(IReadOnlyCollection<string> digests)
        {
            Asks++;
            Asked += digests.Count;
            return inner.FindFetched(digests);
        }
    }
}
