namespace Harvester.Archive;

/// <summary>Which captures to list: one URL (or domain), a year range, the statuses the original crawl kept.</summary>
/// <param name="Url">A URL or a bare domain (<c>example.com</c>).</param>
/// <param name="FromYear">First year, inclusive; null for no bound.</param>
/// <param name="ToYear">Last year, inclusive; null for no bound.</param>
public sealed record CaptureQuery(string Url, int? FromYear = null, int? ToYear = null)
{
    /// <summary>Status codes kept, as the original crawl's CDX filter did (revisits are kept too).</summary>
    public IReadOnlyList<int> Statuses { get; init; } = [200, 301, 302];

    public bool IncludeRevisits { get; init; } = true;

    public bool Accepts(Capture capture) =>
        (capture.IsRevisit ? IncludeRevisits : capture.StatusCode is { } s && Statuses.Contains(s)) &&
        (FromYear is null || string.CompareOrdinal(capture.Timestamp, FromYear.Value.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) >= 0) &&
        (ToYear is null || string.CompareOrdinal(capture.Timestamp, (ToYear.Value + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) < 0);
}
