using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Harvester.Tests.Support.PolicyCandidates;

namespace Harvester.Tests.Crawl;

/// <summary>A crawl's payloads and half-years wait to be stored only while what they took to find is cheap to find again.</summary>
public sealed class PendingWritesTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Writes_FoundQuickly_WaitAndAreStoredTogether_SlowOnesAtOnce()
    {
        using var store = LiteDbStore.Open(_dir.Combine("h.db"), _time);
        var pending = new PendingWrites(store.Payloads, store.Versions, _time);

        var sha = pending.Payload([1, 2, 3], new FetchedDigestRecord { Digest = "D1", StatusCode = 200 });
        Assert.True(pending.TryGetPayload("D1", out var waiting, out var body));
        Assert.Equal(sha, waiting.Sha256);
        Assert.Equal([1, 2, 3], body);
        Assert.Null(store.Payloads.FindFetched("D1"));
        pending.Record(new FoundPolicy("a.example", "2019-A", Candidate("One."), 2));
        _time.Advance(TimeSpan.FromMilliseconds(100));
        pending.Record(new IntervalRecord { Site = "a.example", Interval = "2019-B", Outcome = IntervalOutcomes.NoCapture, Requests = 0 });
        pending.Record(new FoundPolicy("a.example", "2020-A", Candidate("One."), 1));
        Assert.Empty(store.Versions.Intervals("a.example")); // 100 ms of work waits

        // The work since the last store passes the bound: everything waiting is stored, this half-year with it.
        _time.Advance(PendingWrites.MaxWaitingWork);
        pending.Record(new FoundPolicy("a.example", "2020-B", Candidate("Two."), 1));
        Assert.Equal(["2019-A", "2019-B", "2020-A", "2020-B"], store.Versions.Intervals("a.example").Select(i => i.Interval));
        Assert.Equal(sha, store.Payloads.FindFetched("D1")!.Sha256);
        Assert.Equal([1, 2, 3], store.Payloads.Get(sha));
        Assert.False(pending.TryGetPayload("D1", out _, out _));
        Assert.Equal(2, pending.NewVersions);

        // A half-year that took long to find is stored as soon as it is known.
        _time.Advance(TimeSpan.FromSeconds(3));
        pending.Record(new FoundPolicy("a.example", "2021-A", Candidate("Three."), 4));
        Assert.Equal(3, store.Versions.Count);

        pending.Record(new IntervalRecord { Site = "a.example", Interval = "2021-B", Outcome = IntervalOutcomes.NoCapture, Requests = 0 });
        Assert.Null(store.Versions.FindInterval("a.example", "2021-B"));
        pending.Flush();
        Assert.Equal(IntervalOutcomes.NoCapture, store.Versions.FindInterval("a.example", "2021-B")!.Outcome);
        Assert.Equal(3, pending.NewVersions);

        // Payloads wait only up to a bound in bytes, however quickly they came.
        pending.Payload(new byte[PendingWrites.MaxWaitingBytes / 2], new FetchedDigestRecord { Digest = "BIG1", StatusCode = 200 });
        Assert.Null(store.Payloads.FindFetched("BIG1"));
        pending.Payload(new byte[PendingWrites.MaxWaitingBytes / 2 + 1], new FetchedDigestRecord { Digest = "BIG2", StatusCode = 200 });
        Assert.NotNull(store.Payloads.FindFetched("BIG1"));
        Assert.NotNull(store.Payloads.FindFetched("BIG2"));
        Assert.Equal(["2019-A", "2020-A"], store.Versions.Find("a.example", 1)!.Intervals);
    }
}
