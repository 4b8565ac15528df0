namespace Harvester.Storage;

/// <summary>CDX results kept per URL, so that each URL is looked up in the archive once.</summary>
public interface ICaptureStore
{
    /// <summary>
    /// Whether the lookup <paramref name="lookupKey"/> covered these years at or after <paramref name="notBefore"/> (a
    /// lookup made before a half-year ended cannot have seen its captures; a scheduled re-crawl looks again).
    /// </summary>
    bool WasLookedUp(string lookupKey, int fromYear, int toYear, DateTime notBefore);

    /// <summary>The URL's stored captures by timestamp.</summary>
    IReadOnlyList<CaptureRecord> ForUrlKey(string urlKey);

    /// <summary>
    /// The URL's stored captures by timestamp when the lookup <paramref name="lookupKey"/> covered these years at or after
    /// <paramref name="notBefore"/>, asked together; null when it must be looked up (again).
    /// </summary>
    IReadOnlyList<CaptureRecord>? ForLookup(string urlKey, string lookupKey, int fromYear, int toYear, DateTime notBefore) =>
        WasLookedUp(lookupKey, fromYear, toYear, notBefore) ? ForUrlKey(urlKey) : null;

    /// <summary>
    /// Stores the captures of one kind of lookup (<paramref name="lookupKey"/>, e.g. the URL key and "redirects") under
    /// the URL's key, and that this lookup happened, together.
    /// </summary>
    /// <returns>The URL's stored captures by timestamp afterwards (those of its other lookups too), as <see cref="ForUrlKey"/> gives them.</returns>
    IReadOnlyList<CaptureRecord> Save(string urlKey, string lookupKey, int fromYear, int toYear, IEnumerable<CaptureRecord> captures);

    /// <summary>Stores a lookup's captures and that the lookup happened, together.</summary>
    IReadOnlyList<CaptureRecord> Save(string urlKey, int fromYear, int toYear, IEnumerable<CaptureRecord> captures) => Save(urlKey, urlKey, fromYear, toYear, captures);
}
