using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>Every record of a LiteDB file, read in slices along each collection's id (each slice its own short read).</summary>
public sealed class LiteDbRecordSource(LiteDbFile database) : IRecordSource
{
    private const int Slice = 500;

    public IEnumerable<SiteRecord> AllSites() => All<SiteRecord>("sites");
    public IEnumerable<CaptureRecord> AllCaptures() => Documents(UrlCapturesDocument.Collection).SelectMany(UrlCapturesDocument.Decode);
    public IEnumerable<LookupRecord> AllLookups() => All<LookupRecord>("lookups");
    public IEnumerable<PayloadRecord> AllPayloads() => All<PayloadRecord>("payloads");
    public IEnumerable<FetchedDigestRecord> AllFetchedDigests() => All<FetchedDigestRecord>("digests");
    public IEnumerable<IntervalRecord> AllIntervals() => All<IntervalRecord>("intervals");
    public IEnumerable<VersionRecord> AllVersions() => All<VersionRecord>("versions");
    public IEnumerable<JobRecord> AllJobs() => All<JobRecord>("jobs");
    public IEnumerable<MarkerRecord> AllMarkers() => All<MarkerRecord>("markers");

    private IEnumerable<T> All<T>(string collection) => Documents(collection).Select(database.Db.Mapper.ToObject<T>);

    private IEnumerable<BsonDocument> Documents(string collection)
    {
        BsonValue after = BsonValue.MinValue;
        while (true)
        {
            var slice = database.Read(() => database.Db.GetCollection(collection).Query()
                .Where("_id > @0", after).OrderBy("_id").Limit(Slice).ToList());
            foreach (var document in slice) yield return document;
            if (slice.Count < Slice) yield break;
            after = slice[^1]["_id"];
        }
    }
}
