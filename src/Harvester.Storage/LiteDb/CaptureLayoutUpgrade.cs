using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>
/// Moves the captures of a file written before <see cref="UrlCapturesDocument"/> (one document per capture, in the
/// <c>captures</c> collection) into one document per URL, at open. A slice at a time, each in one transaction: the
/// slice's captures are merged into their URLs' documents and deleted together, so an upgrade cut off anywhere goes on
/// from where it stopped at the next open and loses or doubles nothing. A capture the new layout already holds wins
/// (it was written later). The emptied collection is dropped at the end.
/// </summary>
internal static class CaptureLayoutUpgrade
{
    public const string LegacyCollection = "captures";

    private const int Slice = 5000;

    public static void Apply(LiteDbFile database)
    {
        if (!database.Read(() => database.Db.CollectionExists(LegacyCollection))) return;
        while (database.InTransaction(() => MoveSlice(database))) { }
        database.Read(() => database.Db.DropCollection(LegacyCollection));
    }

    /// <returns>Whether captures may be left.</returns>
    private static bool MoveSlice(LiteDbFile database)
    {
        var legacy = database.Db.GetCollection<CaptureRecord>(LegacyCollection);
        var slice = legacy.Find(Query.All(), limit: Slice).ToList();
        foreach (var url in slice.GroupBy(c => c.UrlKey, StringComparer.Ordinal))
        {
            var kept = UrlCapturesDocument.Decode(database.ById(database.UrlCaptures, url.Key)).ToDictionary(c => (c.Timestamp, c.Url));
            foreach (var c in url) kept.TryAdd((c.Timestamp, c.Url), UrlCapturesDocument.Record(url.Key, c.Timestamp, c.Url, c.Status, c.Digest));
            database.UrlCaptures.Upsert(UrlCapturesDocument.Encode(url.Key, UrlCapturesDocument.Sorted(kept.Values)));
        }
        foreach (var c in slice) legacy.Delete(c.Id);
        return slice.Count == Slice;
    }
}
