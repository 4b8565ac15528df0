using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>
/// How a LiteDB file keeps a URL's captures: one document per URL key, its captures in four parallel arrays
/// (timestamps, URLs, statuses, digests) sorted by timestamp, then URL. A lookup of a URL then reads and writes one
/// document with one index entry, where a document per capture cost a crawl two index entries for each of its tens of
/// thousands of captures: most of the memory a LiteDB crawl allocated. At one capture a day, even thirty years of one
/// URL are a few megabytes, well under LiteDB's 16 MB a document.
/// </summary>
internal static class UrlCapturesDocument
{
    public const string Collection = "url_captures";

    /// <summary>The captures sorted as they are kept: by timestamp, then URL, both ordinal (as PostgreSQL's <c>COLLATE "C"</c>).</summary>
    public static List<CaptureRecord> Sorted(IEnumerable<CaptureRecord> captures) =>
        captures.OrderBy(c => c.Timestamp, StringComparer.Ordinal).ThenBy(c => c.Url, StringComparer.Ordinal).ToList();

    public static BsonDocument Encode(string urlKey, IReadOnlyList<CaptureRecord> sorted)
    {
        var timestamps = new BsonArray();
        var urls = new BsonArray();
        var statuses = new BsonArray();
        var digests = new BsonArray();
        foreach (var c in sorted)
        {
            timestamps.Add(c.Timestamp);
            urls.Add(c.Url);
            statuses.Add(c.Status is { } status ? new BsonValue(status) : BsonValue.Null);
            digests.Add(c.Digest);
        }
        return new BsonDocument { ["_id"] = urlKey, ["t"] = timestamps, ["u"] = urls, ["s"] = statuses, ["d"] = digests };
    }

    /// <exception cref="InvalidCastException">The document is not one of these (a damaged one).</exception>
    public static List<CaptureRecord> Decode(BsonDocument? document)
    {
        if (document is null) return [];
        var urlKey = document["_id"].AsString;
        var timestamps = document["t"].AsArray;
        var urls = document["u"].AsArray;
        var statuses = document["s"].AsArray;
        var digests = document["d"].AsArray;
        if (urls.Count != timestamps.Count || statuses.Count != timestamps.Count || digests.Count != timestamps.Count)
        {
            throw new InvalidCastException($"the captures of {urlKey} have arrays of different lengths");
        }
        var captures = new List<CaptureRecord>(timestamps.Count);
        for (int i = 0; i < timestamps.Count; i++)
        {
            captures.Add(Record(urlKey, timestamps[i].AsString, urls[i].AsString, statuses[i].IsNull ? null : statuses[i].AsInt32, digests[i].AsString));
        }
        return captures;
    }

    /// <summary>A capture as the store gives it back: with its URL key and its id (URL key, timestamp and URL).</summary>
    public static CaptureRecord Record(string urlKey, string timestamp, string url, int? status, string digest) => new()
    {
        Id = urlKey + " " + timestamp + " " + url, UrlKey = urlKey, Timestamp = timestamp, Url = url, Status = status, Digest = digest,
    };
}
