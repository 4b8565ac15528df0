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

    /// <summary>
    /// Keep only the first of adjacent captures whose timestamps share this many leading digits (the CDX server's
    /// <c>collapse=timestamp:N</c>): 8 keeps one capture a day, so a URL captured a million times lists at most one
    /// row per day of the range. Null keeps every capture.
    /// </summary>
    public int? CollapseTimestampDigits { get; init; }

    /// <summary>The greatest number of rows the query can list after collapsing, or null when it is not bounded.</summary>
    public int? MaxRows => CollapseTimestampDigits switch
    {
        null => null,
        _ when FromYear is null || ToYear is null => null,
        4 => ToYear!.Value - FromYear!.Value + 1,
        <= 6 => (ToYear!.Value - FromYear!.Value + 1) * 12,
        <= 8 => (ToYear!.Value - FromYear!.Value + 1) * 366,
        _ => null,
    };

    /// <summary>Applies the status and year filters and the collapse to captures listed oldest first.</summary>
    public IEnumerable<Capture> Apply(IEnumerable<Capture> captures)
    {
        var filter = NewFilter();
        return captures.Where(filter.Keeps);
    }

    /// <summary>A filter for one listing, which may arrive in several pages: the collapse carries across them.</summary>
    public CaptureFilter NewFilter() => new(this);

    public bool Accepts(Capture capture) =>
        (capture.IsRevisit ? IncludeRevisits : capture.StatusCode is { } s && Statuses.Contains(s)) &&
        (FromYear is null || string.CompareOrdinal(capture.Timestamp, FromYear.Value.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) >= 0) &&
        (ToYear is null || string.CompareOrdinal(capture.Timestamp, (ToYear.Value + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) < 0);
}
