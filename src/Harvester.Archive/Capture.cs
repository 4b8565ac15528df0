namespace Harvester.Archive;

/// <summary>One row of a CDX index: a capture of a URL.</summary>
/// <param name="Timestamp">14-digit capture time, UTC (YYYYMMDDhhmmss).</param>
/// <param name="OriginalUrl">The URL as captured.</param>
/// <param name="MimeType">The captured Content-Type (<c>warc/revisit</c> for revisit records).</param>
/// <param name="StatusCode">The captured HTTP status; null for revisits, which repeat an earlier capture.</param>
/// <param name="Digest">The payload digest (base32 SHA-1 in the Wayback Machine): equal digests, equal bytes.</param>
/// <param name="Length">The compressed record length in the archive.</param>
public sealed record Capture(string Timestamp, string OriginalUrl, string MimeType, int? StatusCode, string Digest, long? Length)
{
    public bool IsRevisit => MimeType == "warc/revisit" || StatusCode is null;
    public bool IsRedirect => StatusCode is >= 300 and < 400;
}
