namespace Harvester.Archive.Wayback;

/// <summary>What one archive endpoint has done so far: for progress displays and <c>harvester status</c>.</summary>
public sealed class EndpointStatistics
{
    private long _requests, _retries, _rateLimited, _serverErrors, _transportErrors, _circuitOpenings;

    public required string Endpoint { get; init; }
    public long Requests => Interlocked.Read(ref _requests);
    public long Retries => Interlocked.Read(ref _retries);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long TransportErrors => Interlocked.Read(ref _transportErrors);
    public long CircuitOpenings => Interlocked.Read(ref _circuitOpenings);
    public string CircuitState { get; internal set; } = "closed";
    public DateTimeOffset? PausedUntil { get; internal set; }

    private readonly Queue<long> _recent = new();

    /// <summary>Requests sent in the last 60 s: the window of the archive's per-minute limits, so pacing keeps it at or under them.</summary>
    public int RequestsInLastMinute()
    {
        lock (_recent)
        {
            Forget(System.Diagnostics.Stopwatch.GetTimestamp());
            return _recent.Count;
        }
    }

    private void Forget(long now)
    {
        long window = System.Diagnostics.Stopwatch.Frequency * 60;
        while (_recent.Count > 0 && now - _recent.Peek() >= window) _recent.Dequeue();
    }

    internal void CountRequest()
    {
        Interlocked.Increment(ref _requests);
        lock (_recent)
        {
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            Forget(now);
            _recent.Enqueue(now);
        }
    }
    internal void CountRetry() => Interlocked.Increment(ref _retries);
    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);
    internal void CountServerError() => Interlocked.Increment(ref _serverErrors);
    internal void CountTransportError() => Interlocked.Increment(ref _transportErrors);
    internal void CountCircuitOpening() => Interlocked.Increment(ref _circuitOpenings);

    public override string ToString() =>
        $"{Endpoint}: {Requests} requests, {Retries} retries, {RateLimited} x 429, {ServerErrors} x 5xx, {TransportErrors} transport errors, circuit {CircuitState}";
}
