namespace Harvester.Archive.Wayback;

/// <summary>
/// Pauses every caller of one endpoint until a moment: set when the archive answers 429 or 503 with
/// Retry-After, so that not only the caller that was told to wait waits.
/// </summary>
internal sealed class EndpointGate(TimeProvider time)
{
    private long _pausedUntilTicks;

    public DateTimeOffset PausedUntil => new(Interlocked.Read(ref _pausedUntilTicks), TimeSpan.Zero);

    public bool IsPaused => PausedUntil > time.GetUtcNow();

    public void PauseFor(TimeSpan delay)
    {
        var until = time.GetUtcNow().Add(delay).UtcTicks;
        long current;
        do
        {
            current = Interlocked.Read(ref _pausedUntilTicks);
            if (current >= until) return;
        }
        while (Interlocked.CompareExchange(ref _pausedUntilTicks, until, current) != current);
    }

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = PausedUntil - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero) return;
            await Task.Delay(remaining, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
