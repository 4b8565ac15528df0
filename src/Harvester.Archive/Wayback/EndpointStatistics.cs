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

    internal void CountRequest() => Interlocked.Increment(ref _requests);
    internal void CountRetry() => Interlocked.Increment(ref _retries);
    internal void CountRateLimited() => Interlocked.Increment(ref _rateLimited);
    internal void CountServerError() => Interlocked.Increment(ref _serverErrors);
    internal void CountTransportError() => Interlocked.Increment(ref _transportErrors);
    internal void CountCircuitOpening() => Interlocked.Increment(ref _circuitOpenings);

    public override string ToString() =>
        $"{Endpoint}: {Requests} requests, {Retries} retries, {RateLimited} x 429, {ServerErrors} x 5xx, {TransportErrors} transport errors, circuit {CircuitState}";
}
