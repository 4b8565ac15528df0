using Harvester.Crawl;
using Harvester.Storage;

namespace Harvester.Tests.Crawl;

/// <summary>What a site's crawl keeps of the payloads it read: found again by digest, and bounded.</summary>
public sealed class SiteCrawlMemoryTests
{
    private static FetchedDigestRecord Fetched(string digest) => new() { Digest = digest, Sha256 = digest + "-sha", StatusCode = 200 };

    [Fact]
    public void APayload_IsFoundByItsDigest_AndAnEmptyDigestIsNeverRemembered()
    {
        var memory = new SiteCrawlMemory();
        memory.RememberPayload(Fetched("D1"), [1, 2, 3]);
        memory.RememberPayload(Fetched(string.Empty), [4]);
        Assert.True(memory.TryGetPayload("D1", out var fetched, out var body));
        Assert.Equal("D1-sha", fetched.Sha256);
        Assert.Equal([1, 2, 3], body);
        Assert.False(memory.TryGetPayload("D2", out _, out _));
        Assert.False(memory.TryGetPayload(string.Empty, out _, out _));
    }

    [Fact]
    public void Bodies_PastTheBound_StartOver_AndOneLargerThanItIsNotKept()
    {
        var memory = new SiteCrawlMemory();
        var half = new byte[SiteCrawlMemory.MaxPayloadBytes / 2];
        memory.RememberPayload(Fetched("A"), half);
        memory.RememberPayload(Fetched("B"), half);
        Assert.True(memory.TryGetPayload("A", out _, out _) && memory.TryGetPayload("B", out _, out _));
        memory.RememberPayload(Fetched("C"), [1]);
        Assert.False(memory.TryGetPayload("A", out _, out _));
        Assert.True(memory.TryGetPayload("C", out _, out _));
        memory.RememberPayload(Fetched("huge"), new byte[SiteCrawlMemory.MaxPayloadBytes + 1]);
        Assert.False(memory.TryGetPayload("huge", out _, out _));
    }

    [Fact]
    public void TheStoresAnswers_AreKept_AndADigestFetchedOnceIsNeverAskedAsUnfetchedAgain()
    {
        var memory = new SiteCrawlMemory();
        Assert.Equal(["D1", "D2", "D3"], memory.Unasked(["D1", "D2", "D2", string.Empty, "D3"]).Order(StringComparer.Ordinal));
        memory.Checked(["D1", "D2"], new Dictionary<string, FetchedDigestRecord> { ["D1"] = Fetched("D1") });
        Assert.True(memory.TryGetChecked("D1", out var known) && known!.Sha256 == "D1-sha");
        Assert.True(memory.TryGetChecked("D2", out var unfetched) && unfetched is null);
        Assert.False(memory.TryGetChecked("D3", out _));
        Assert.Equal(["D3"], memory.Unasked(["D1", "D2", "D3"]));

        // D2 is fetched by this crawl; its body is then pushed out by larger ones, but the store is not taken to lack it.
        memory.RememberPayload(Fetched("D2"), [1]);
        memory.RememberPayload(Fetched("big1"), new byte[SiteCrawlMemory.MaxPayloadBytes / 2]);
        memory.RememberPayload(Fetched("big2"), new byte[SiteCrawlMemory.MaxPayloadBytes / 2]);
        Assert.False(memory.TryGetPayload("D2", out _, out _));
        Assert.True(memory.TryGetChecked("D2", out var fetchedSince) && fetchedSince!.Sha256 == "D2-sha");
    }
}
