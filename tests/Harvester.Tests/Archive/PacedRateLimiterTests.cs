using Harvester.Archive.Wayback;
using Microsoft.Extensions.Time.Testing;

namespace Harvester.Tests.Archive;

public sealed class PacedRateLimiterTests
{
    [Fact]
    public async Task Acquire_BackToBack_IsSpacedByTheIntervalAndItsMargin()
    {
        var time = new FakeTimeProvider();
        using var limiter = new PacedRateLimiter(permitsPerSecond: 4, time);

        using var first = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
        var second = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();

        Assert.True(first.IsAcquired);
        Assert.False(second.IsCompleted);
        // 250 ms, and 3 % more (257.5 ms).
        time.Advance(TimeSpan.FromMilliseconds(257));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var lease = await second;
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public void AttemptAcquire_TooSoon_IsRefused()
    {
        var time = new FakeTimeProvider();
        using var limiter = new PacedRateLimiter(permitsPerSecond: 1, time);

        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
        Assert.Equal(2, limiter.GetStatistics().TotalSuccessfulLeases);
    }
}
