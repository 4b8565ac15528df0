using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

/// <summary>Every record of a PostgreSQL store, streamed through a cursor in key order.</summary>
public sealed class PostgresRecordSource(PostgresDatabase database) : IRecordSource
{
    public IEnumerable<SiteRecord> AllSites() => database.Stream($"SELECT {SiteColumns} FROM sites ORDER BY domain", Site);

    public IEnumerable<CaptureRecord> AllCaptures() => database.Stream("SELECT url_key, timestamp, url, status, digest FROM captures ORDER BY url_key, timestamp, url",
        r => new CaptureRecord
        {
            UrlKey = r.GetString(0), Timestamp = r.GetString(1), Url = r.GetString(2), Status = r.NullableInt(3), Digest = r.GetString(4),
            Id = r.GetString(0) + " " + r.GetString(1) + " " + r.GetString(2),
        });

    public IEnumerable<LookupRecord> AllLookups() => database.Stream("SELECT lookup_key, from_year, to_year, looked_up_at FROM lookups ORDER BY lookup_key",
        r => new LookupRecord { UrlKey = r.GetString(0), FromYear = r.GetInt32(1), ToYear = r.GetInt32(2), LookedUpAt = r.GetDateTime(3) });

    public IEnumerable<PayloadRecord> AllPayloads() => database.Stream("SELECT sha256, compressed, length FROM payloads ORDER BY sha256",
        r => new PayloadRecord { Sha256 = r.GetString(0), Compressed = r.GetFieldValue<byte[]>(1), Length = r.GetInt32(2) }, batch: 100);

    public IEnumerable<FetchedDigestRecord> AllFetchedDigests() => database.Stream(
        "SELECT digest, sha256, status_code, content_type, redirect_target FROM fetched_digests ORDER BY digest",
        r => new FetchedDigestRecord { Digest = r.GetString(0), Sha256 = r.GetString(1), StatusCode = r.GetInt32(2), ContentType = r.NullableString(3), RedirectTarget = r.NullableString(4) });

    public IEnumerable<IntervalRecord> AllIntervals() => database.Stream($"SELECT {IntervalColumns} FROM intervals ORDER BY site, interval", Interval);

    public IEnumerable<VersionRecord> AllVersions() => database.Stream($"SELECT {VersionColumns} FROM versions ORDER BY id", Version, batch: 200);

    public IEnumerable<JobRecord> AllJobs() => database.Stream($"SELECT {JobColumns} FROM jobs ORDER BY id", Job);

    public IEnumerable<MarkerRecord> AllMarkers() => database.Stream("SELECT name, at FROM markers ORDER BY name", r => new MarkerRecord { Name = r.GetString(0), At = r.GetDateTime(1) });
}
