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
}
