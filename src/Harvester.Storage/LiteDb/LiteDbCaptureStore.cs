namespace Harvester.Storage.LiteDb;

/// <summary>CDX results kept per URL, so that each URL is looked up in the archive once.</summary>
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

    private List<CaptureRecord> StoredFor(string urlKey) =>
        database.Captures.Find(c => c.UrlKey == urlKey).OrderBy(c => c.Timestamp, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Stores the captures of one kind of lookup (<paramref name="lookupKey"/>, e.g. the URL key and "redirects") under
    /// the URL's key, and that this lookup happened, together. The URL's captures are read once and only the new ones
    /// inserted, together (a capture looked up again is usually unchanged); the URL's captures afterwards are read in
    /// the same transaction.
    /// </summary>
    public IReadOnlyList<CaptureRecord> Save(string urlKey, string lookupKey, int fromYear, int toYear, IEnumerable<CaptureRecord> captures) =>
        database.InTransaction(() =>
        {
            var stored = database.Captures.Find(c => c.UrlKey == urlKey).ToDictionary(c => c.Id, StringComparer.Ordinal);
            // The last of two answers for one capture wins, as one upsert after another would have it.
            var added = new Dictionary<string, CaptureRecord>(StringComparer.Ordinal);
            foreach (var capture in captures)
            {
                capture.UrlKey = urlKey;
                capture.Id = urlKey + " " + capture.Timestamp + " " + capture.Url;
                if (!stored.TryGetValue(capture.Id, out var before)) added[capture.Id] = capture;
                else if (before.Status != capture.Status || before.Digest != capture.Digest)
                {
                    database.Captures.Update(capture);
                    stored[capture.Id] = capture;
                }
            }
            if (added.Count > 0) database.Captures.InsertBulk(added.Values);
            database.Lookups.Upsert(new LookupRecord { UrlKey = lookupKey, FromYear = fromYear, ToYear = toYear, LookedUpAt = time.GetUtcNow().UtcDateTime });
            return (IReadOnlyList<CaptureRecord>)StoredFor(urlKey);
        });
}
