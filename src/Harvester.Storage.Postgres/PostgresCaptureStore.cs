using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresCaptureStore(PostgresDatabase database, TimeProvider time) : ICaptureStore
{
    public bool WasLookedUp(string lookupKey, int fromYear, int toYear, DateTime notBefore) => database.Run(c =>
        Scalar(c, null, CoveringLookup, lookupKey, fromYear, toYear, Utc(notBefore)) is not null);

    public IReadOnlyList<CaptureRecord> ForUrlKey(string urlKey) => database.Run(c => Query(c, null, CapturesOfKey, Capture, urlKey));

    /// <summary>One round trip: the lookup's check and the URL's captures, sent together.</summary>
    public IReadOnlyList<CaptureRecord>? ForLookup(string urlKey, string lookupKey, int fromYear, int toYear, DateTime notBefore) => database.Run(c =>
    {
        using var batch = Batch(c, null,
            (CoveringLookup, [lookupKey, fromYear, toYear, Utc(notBefore)]),
            (CapturesOfKey, [urlKey]));
        using var reader = batch.ExecuteReader();
        if (!reader.Read()) return null;
        reader.NextResult();
        return Captures(reader);
    });

    /// <summary>One round trip: the captures (one statement per 5,000: a popular page has tens of thousands), the lookup, and the URL's captures afterwards (the only rows the batch returns).</summary>
    public IReadOnlyList<CaptureRecord> Save(string urlKey, string lookupKey, int fromYear, int toYear, IEnumerable<CaptureRecord> captures)
    {
        var list = captures.ToList();
        // One row per capture (the last answer for one wins, as in LiteDB): one statement may not change a row twice.
        var rows = list.GroupBy(c => (c.Timestamp, c.Url)).Select(g => g.Last()).ToList();
        var statements = rows.Chunk(5000).Select(chunk => ("""
            INSERT INTO captures (url_key, timestamp, url, status, digest)
            SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[])
            ON CONFLICT (url_key, timestamp, url) DO UPDATE SET status = excluded.status, digest = excluded.digest
            """, new object?[] { urlKey, chunk.Select(x => x.Timestamp).ToArray(), chunk.Select(x => x.Url).ToArray(),
            chunk.Select(x => x.Status).ToArray(), chunk.Select(x => x.Digest).ToArray() })).ToList();
        statements.Add(("""
            INSERT INTO lookups (lookup_key, from_year, to_year, looked_up_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (lookup_key) DO UPDATE SET from_year = $2, to_year = $3, looked_up_at = $4
            """, [lookupKey, fromYear, toYear, Utc(time.GetUtcNow().UtcDateTime)]));
        statements.Add((CapturesOfKey, [urlKey]));
        var stored = database.InBatch(Captures, [.. statements]);
        foreach (var capture in list)
        {
            capture.UrlKey = urlKey;
            capture.Id = urlKey + " " + capture.Timestamp + " " + capture.Url;
        }
        return stored;
    }

    /// <summary>A row when the lookup covered these years at or after the given time.</summary>
    private const string CoveringLookup = "SELECT 1 FROM lookups WHERE lookup_key = $1 AND from_year <= $2 AND to_year >= $3 AND looked_up_at >= $4";

    private const string CapturesOfKey =
        "SELECT url_key, timestamp, url, status, digest FROM captures WHERE url_key = $1 ORDER BY timestamp COLLATE \"C\", url COLLATE \"C\"";

    private static List<CaptureRecord> Captures(Npgsql.NpgsqlDataReader reader)
    {
        var rows = new List<CaptureRecord>();
        while (reader.Read()) rows.Add(Capture(reader));
        return rows;
    }

    private static CaptureRecord Capture(Npgsql.NpgsqlDataReader r) => new()
    {
        UrlKey = r.GetString(0), Timestamp = r.GetString(1), Url = r.GetString(2), Status = r.NullableInt(3), Digest = r.GetString(4),
        Id = r.GetString(0) + " " + r.GetString(1) + " " + r.GetString(2),
    };
}
