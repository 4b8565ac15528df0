namespace Harvester.Archive.Wayback;

/// <summary>The body ended before its Content-Length: the transfer broke off. Retried, never returned as content.</summary>
public sealed class TruncatedBodyException(long expected, long received)
    : IOException($"body truncated: {received:N0} of {expected:N0} bytes received");
