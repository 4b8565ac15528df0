using System.Threading.RateLimiting;

namespace Harvester.Archive.Wayback;

/// <summary>
/// A rate limiter that spaces permits at least <c>1 / rate</c> apart, measured from the moment each permit was
/// actually granted. Unlike a timer-replenished token bucket, a late timer tick can never let two permits through
/// closer together, so no window of the archive's limit ever sees more requests than allowed.
/// </summary>
internal sealed class PacedRateLimiter : RateLimiter
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private long _lastGrant = long.MinValue;
    private long _granted;
    private int _waiting;

    /// <summary>
    /// How much wider than <c>1 / rate</c> the spacing is: a request is handled by the server a little earlier or
    /// later than it was sent (its connection, the server's own queue), and the margin keeps the server's count in
    /// any window of its limit at or under the limit. 3 %: 20 a minute is paced at 19.4.
    /// </summary>
    public const double Margin = WaybackConstants.PacingMargin;

    public PacedRateLimiter(double permitsPerSecond, TimeProvider time)
    {
        _interval = TimeSpan.FromSeconds((1 + Margin) / permitsPerSecond);
        _time = time;
    }

    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics GetStatistics() => new()
    {
        CurrentAvailablePermits = Due() <= TimeSpan.Zero ? 1 : 0,
        CurrentQueuedCount = Volatile.Read(ref _waiting),
        TotalSuccessfulLeases = Interlocked.Read(ref _granted),
    };

    private TimeSpan Due()
    {
        long last = Interlocked.Read(ref _lastGrant);
        return last == long.MinValue ? TimeSpan.Zero : _interval - _time.GetElapsedTime(last);
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        if (permitCount != 1 || !_turn.Wait(0)) return Lease.Rejected;
        try
        {
            if (Due() > TimeSpan.Zero) return Lease.Rejected;
            Grant();
            return Lease.Acquired;
        }
        finally
        {
            _turn.Release();
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (permitCount != 1) throw new ArgumentOutOfRangeException(nameof(permitCount), "one permit at a time");
        Interlocked.Increment(ref _waiting);
        try
        {
            await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // A delay never ends early, but re-check in case the clock says otherwise. Whole milliseconds: a timer
                // cannot wait less than one, and a shorter wait would spin.
                for (var due = Due(); due > TimeSpan.Zero; due = Due())
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(due.TotalMilliseconds)), _time, cancellationToken).ConfigureAwait(false);
                }
                Grant();
                return Lease.Acquired;
            }
            finally
            {
                _turn.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private void Grant()
    {
        Interlocked.Exchange(ref _lastGrant, _time.GetTimestamp());
        Interlocked.Increment(ref _granted);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _turn.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public static readonly Lease Acquired = new(true);
        public static readonly Lease Rejected = new(false);

        public override bool IsAcquired { get; } = acquired;
        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
