namespace Harvester.Storage.LiteDb;

/// <summary>CDX results kept per URL, so that each URL is looked up in the archive once; one document a URL (<see cref="UrlCapturesDocument"/>).</summary>
public sealed class LiteDbCaptureStore(LiteDbFile database, TimeProvider time) : ICaptureStore
{
    /// <summary>
    /// Whether the URL's captures over these years were looked up at or after <paramref name="notBefore"/> (a lookup
    /// made before a half-year ended cannot have seen its captures; a scheduled re-crawl looks again).
    /// </summary>
    public bool WasLookedUp(string urlKey, int fromYear, int toYear, DateTime notBefore) =>
        Covers(database.Read(() => database.ById(database.Lookups, urlKey)), fromYear, toYear, notBefore);

    public IReadOnlyList<CaptureRecord> ForUrlKey(string urlKey) => database.Read(() => StoredFor(urlKey));

    /// <summary>Under the gate once: the lookup's check and the URL's captures.</summary>
    public IReadOnlyList<CaptureRecord>? ForLookup(string urlKey, string lookupKey, int fromYear, int toYear, DateTime notBefore) => database.Read(() =>
        Covers(database.ById(database.Lookups, lookupKey), fromYear, toYear, notBefore) ? StoredFor(urlKey) : null);

    private static bool Covers(LookupRecord? lookup, int fromYear, int toYear, DateTime notBefore) =>
        lookup is not null && lookup.FromYear <= fromYear && lookup.ToYear >= toYear && lookup.LookedUpAt >= notBefore;

    private List<CaptureRecord> StoredFor(string urlKey) => UrlCapturesDocument.Decode(database.ById(database.UrlCaptures, urlKey));

    /// <summary>
    /// Stores the captures of one kind of lookup (<paramref name="lookupKey"/>, e.g. the URL key and "redirects") under
    /// the URL's key, and that this lookup happened, together. A capture already kept is replaced when its status or
    /// digest changed, and the last of two answers for one capture wins; the URL's document is written only when
    /// something changed. Returns the URL's captures afterwards.
    /// </summary>
    public IReadOnlyList<CaptureRecord> Save(string urlKey, string lookupKey, int fromYear, int toYear, IEnumerable<CaptureRecord> captures) =>
        database.InTransaction(() =>
        {
            var kept = StoredFor(urlKey).ToDictionary(c => (c.Timestamp, c.Url));
            bool changed = false;
            foreach (var capture in captures)
            {
                if (kept.TryGetValue((capture.Timestamp, capture.Url), out var before) && before.Status == capture.Status && before.Digest == capture.Digest) continue;
                kept[(capture.Timestamp, capture.Url)] = UrlCapturesDocument.Record(urlKey, capture.Timestamp, capture.Url, capture.Status, capture.Digest);
                changed = true;
            }
            var all = UrlCapturesDocument.Sorted(kept.Values);
            if (changed) database.UrlCaptures.Upsert(UrlCapturesDocument.Encode(urlKey, all));
            database.Lookups.Upsert(new LookupRecord { UrlKey = lookupKey, FromYear = fromYear, ToYear = toYear, LookedUpAt = time.GetUtcNow().UtcDateTime });
            return (IReadOnlyList<CaptureRecord>)all;
        });
}
