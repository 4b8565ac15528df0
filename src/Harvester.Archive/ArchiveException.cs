namespace Harvester.Archive;

/// <summary>Why an archive request failed.</summary>
public enum ArchiveErrorKind
{
    /// <summary>The archive has no capture of that URL (a 404, or no row in the index).</summary>
    NotFound,
    /// <summary>The body is larger than the configured maximum.</summary>
    TooLarge,
    /// <summary>Redirects went round in a circle or past the configured limit.</summary>
    TooManyRedirects,
    /// <summary>The archive kept failing (5xx, 429, timeouts, resets, truncated bodies) after every retry.</summary>
    Unavailable,
    /// <summary>The archive refused the request for good (4xx other than 404 and 429).</summary>
    Refused,
    /// <summary>The archive's data is damaged (an unreadable WARC record, an unparsable CDX answer).</summary>
    Corrupt,
}

/// <summary>An archive request that failed; the message is one line that says why.</summary>
public sealed class ArchiveException(ArchiveErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public ArchiveErrorKind Kind { get; } = kind;
}
