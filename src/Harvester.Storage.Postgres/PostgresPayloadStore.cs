using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresPayloadStore(PostgresDatabase database) : IPayloadStore
{
    /// <summary>Two round trips: which payloads are there already, then every new payload and fetched capture in one batch.</summary>
    public IReadOnlyList<string> PutMany(IReadOnlyList<(byte[] Bytes, FetchedDigestRecord? Fetched)> payloads)
    {
        var shas = PayloadCodec.Name(payloads);
        var distinct = shas.Distinct(StringComparer.Ordinal).ToArray();
        var stored = database.Run(c => Query(c, null, "SELECT sha256 FROM payloads WHERE sha256 = ANY($1)", r => r.GetString(0), [distinct]))
            .ToHashSet(StringComparer.Ordinal);
        // Never an update: a payload is immutable, and a racing writer of the same bytes stored the same record.
        var statements = PayloadCodec.EncodeMissing(payloads, shas, stored)
            .Select(record => ("INSERT INTO payloads (sha256, compressed, length) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
                new object?[] { record.Sha256, record.Compressed, record.Length }))
            .ToList();
        foreach (var (_, fetched) in payloads)
        {
            if (!string.IsNullOrEmpty(fetched?.Digest)) statements.Add(RememberStatement(fetched));
        }
        if (statements.Count > 0) database.InBatch([.. statements]);
        return shas;
    }

    public byte[] Get(string sha256)
    {
        var record = Find(sha256) ?? throw new StorageException($"payload {sha256} is not in the database");
        return PayloadCodec.Verified(record) ?? throw DamagedStoreException.In(database.Location, $"payload {sha256} no longer matches its SHA-256");
    }

    internal PayloadRecord? Find(string sha256) => database.Run(c => Query(c, null, "SELECT sha256, compressed, length FROM payloads WHERE sha256 = $1",
        r => new PayloadRecord { Sha256 = r.GetString(0), Compressed = r.GetFieldValue<byte[]>(1), Length = r.GetInt32(2) }, sha256).FirstOrDefault());

    public FetchedDigestRecord? FindFetched(string digest) => string.IsNullOrEmpty(digest) ? null : database.Run(c => Query(c, null,
        $"SELECT {FetchedColumns} FROM fetched_digests WHERE digest = $1", Fetched, digest).FirstOrDefault());

    public IReadOnlyDictionary<string, FetchedDigestRecord> FindFetched(IReadOnlyCollection<string> digests)
    {
        var asked = digests.Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal).ToArray();
        if (asked.Length == 0) return new Dictionary<string, FetchedDigestRecord>(StringComparer.Ordinal);
        return database.Run(c => Query(c, null, $"SELECT {FetchedColumns} FROM fetched_digests WHERE digest = ANY($1)", Fetched, [asked]))
            .ToDictionary(f => f.Digest, StringComparer.Ordinal);
    }

    private const string FetchedColumns = "digest, sha256, status_code, content_type, redirect_target";

    private static FetchedDigestRecord Fetched(Npgsql.NpgsqlDataReader r) => new()
    {
        Digest = r.GetString(0), Sha256 = r.GetString(1), StatusCode = r.GetInt32(2), ContentType = r.NullableString(3), RedirectTarget = r.NullableString(4),
    };

    private static (string, object?[]) RememberStatement(FetchedDigestRecord record) => ("""
        INSERT INTO fetched_digests (digest, sha256, status_code, content_type, redirect_target) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (digest) DO UPDATE SET sha256 = $2, status_code = $3, content_type = $4, redirect_target = $5
        """, [record.Digest, record.Sha256, record.StatusCode, record.ContentType, record.RedirectTarget]);

    public int Count => database.Run(c => Convert.ToInt32(Scalar(c, null, "SELECT count(*) FROM payloads"), System.Globalization.CultureInfo.InvariantCulture));
}
