namespace Harvester.Archive;

/// <summary>The original bytes of one capture, and what the archive said about it.</summary>
/// <param name="Timestamp">The capture actually served (the archive redirects to the nearest one).</param>
/// <param name="OriginalUrl">The captured URL.</param>
/// <param name="StatusCode">The captured HTTP status (200, or 3xx for a redirect capture).</param>
/// <param name="ContentType">The captured Content-Type, when known.</param>
/// <param name="Headers">The captured response headers (the Wayback Machine's <c>X-Archive-Orig-*</c>).</param>
/// <param name="Body">The payload, decoded from any transfer or content encoding.</param>
/// <param name="RedirectTarget">For a redirect capture: the absolute URL it points to.</param>
public sealed record Snapshot(
    string Timestamp,
    string OriginalUrl,
    int StatusCode,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? RedirectTarget)
{
    public bool IsRedirect => RedirectTarget is not null;

    /// <summary>The charset parameter of the captured Content-Type, if any.</summary>
    public string? Charset => CharsetOf(ContentType);

    /// <summary>The charset parameter of a Content-Type value (<c>text/html; charset="utf-8"</c> gives <c>utf-8</c>).</summary>
    public static string? CharsetOf(string? contentType)
    {
        if (contentType is null) return null;
        foreach (var part in contentType.Split(';'))
        {
            var p = part.Trim();
            if (p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase)) return p[8..].Trim('"', '\'', ' ');
        }
        return null;
    }
}
