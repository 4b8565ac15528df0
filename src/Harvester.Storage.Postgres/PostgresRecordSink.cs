using Npgsql;
using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

/// <summary>Writes copied records as they are, each batch in one transaction; a record already there is left alone.</summary>
public sealed class PostgresRecordSink(PostgresDatabase database) : IRecordSink
{
    private int Each<T>(IReadOnlyList<T> records, Func<NpgsqlConnection, NpgsqlTransaction, T, int> insert) =>
        database.InTransaction((c, t) => records.Sum(r => insert(c, t, r)));

    public int Add(IReadOnlyList<SiteRecord> records) => Each(records, (c, t, r) => Execute(c, t, $"""
        INSERT INTO sites ({SiteColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING
        """, r.Domain, r.FromYear, r.ToYear, r.State, Utc(r.AddedAt), Utc(r.UpdatedAt), r.Requests));

    public int Add(IReadOnlyList<CaptureRecord> records) => Each(records, (c, t, r) => Execute(c, t,
        "INSERT INTO captures (url_key, timestamp, url, status, digest) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        r.UrlKey, r.Timestamp, r.Url, r.Status, r.Digest));

    public int Add(IReadOnlyList<LookupRecord> records) => Each(records, (c, t, r) => Execute(c, t,
        "INSERT INTO lookups (lookup_key, from_year, to_year, looked_up_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        r.UrlKey, r.FromYear, r.ToYear, Utc(r.LookedUpAt)));

    public int Add(IReadOnlyList<PayloadRecord> records) => Each(records, (c, t, r) => Execute(c, t,
        "INSERT INTO payloads (sha256, compressed, length) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", r.Sha256, r.Compressed, r.Length));

    public int Add(IReadOnlyList<FetchedDigestRecord> records) => Each(records, (c, t, r) => Execute(c, t,
        "INSERT INTO fetched_digests (digest, sha256, status_code, content_type, redirect_target) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        r.Digest, r.Sha256, r.StatusCode, r.ContentType, r.RedirectTarget));

    public int Add(IReadOnlyList<IntervalRecord> records) => Each(records, (c, t, r) => Execute(c, t, $"""
        INSERT INTO intervals ({IntervalColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
        """, r.Site, r.Interval, r.Outcome, r.Detail, r.HomeTimestamp, r.PolicyUrl, r.PolicyTimestamp, r.Version, r.Requests, Utc(r.RecordedAt)));

    public int Add(IReadOnlyList<VersionRecord> records) => Each(records, (c, t, v) => Execute(c, t, $"""
        INSERT INTO versions ({VersionColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        ON CONFLICT DO NOTHING
        """, v.Id, v.Site, v.Number, v.PolicyUrl, v.PolicyTimestamp, v.SnapshotUrl, v.HomeTimestamp, v.Title, v.Markdown, v.TextHash,
        v.SimHash, v.NearDuplicateOf, v.ExtractorVersion, v.PayloadSha256, v.Charset, v.FirstInterval, v.LastInterval,
        v.Intervals.ToArray(), Utc(v.CreatedAt)));

    public int Add(IReadOnlyList<JobRecord> records) => Each(records, (c, t, j) => Execute(c, t, $"""
        INSERT INTO jobs ({JobColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING
        """, j.Id, j.Site, j.State, j.Attempts, Utc(j.NextAttemptAt), UtcOrNull(j.LeaseExpiresAt), j.LeaseOwner, j.LastError, j.LastErrorKind,
        Utc(j.CreatedAt), Utc(j.UpdatedAt)));

    public int Add(IReadOnlyList<MarkerRecord> records) => Each(records, (c, t, m) => Execute(c, t,
        "INSERT INTO markers (name, at) VALUES ($1, $2) ON CONFLICT DO NOTHING", m.Name, Utc(m.At)));

    public void AfterCopy() => database.InTransaction((c, t) =>
    {
        Execute(c, t, "SELECT setval(pg_get_serial_sequence('versions', 'id'), coalesce((SELECT max(id) FROM versions), 0) + 1, false)");
        Execute(c, t, "SELECT setval(pg_get_serial_sequence('jobs', 'id'), coalesce((SELECT max(id) FROM jobs), 0) + 1, false)");
    });
}
