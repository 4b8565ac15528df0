namespace Harvester.Storage.LiteDb;

/// <summary>CDX results kept per URL, so that each URL is looked up in the archive once.</summary>
public sealed class LiteDbCaptureStore(LiteDbFile database, TimeProvider time) : ICaptureStore
{
    /// <summary>
    /// Whether the URL's captures over these years were looked up at or after <paramref name="notBefore"/> (a lookup
    /// made before a half-year ended cannot have seen its captures; a scheduled re-crawl looks again).
    /// </summary>
    public bool WasLookedUp(string urlKey, int fromYear, int toYear, DateTime notBefore) =>
        database.Read(() => database.ById(database.Lookups, urlKey)) is { } l && l.FromYear <= fromYear && l.ToYear >= toYear && l.LookedUpAt >= notBefore;

    public IReadOnlyList<CaptureRecord> ForUrlKey(string urlKey) =>
        database.Read(() => database.Captures.Find(c => c.UrlKey == urlKey).OrderBy(c => c.Timestamp, StringComparer.Ordinal).ToList());

    /// <summary>
    /// Stores the captures of one kind of lookup (<paramref name="lookupKey"/>, e.g. the URL key and "redirects") under
    /// the URL's key, and that this lookup happened, together.
    /// </summary>
    public void Save(string urlKey, string lookupKey, int fromYear, int toYear, IEnumerable<CaptureRecord> captures) =>
        database.InTransaction(() =>
        {
            foreach (var capture in captures)
            {
                capture.UrlKey = urlKey;
                capture.Id = urlKey + " " + capture.Timestamp + " " + capture.Url;
                database.Captures.Upsert(capture);
            }
            database.Lookups.Upsert(new LookupRecord { UrlKey = lookupKey, FromYear = fromYear, ToYear = toYear, LookedUpAt = time.GetUtcNow().UtcDateTime });
            return 0;
        });
}
