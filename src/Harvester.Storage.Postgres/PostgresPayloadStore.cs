using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresPayloadStore(PostgresDatabase database) : IPayloadStore
{
    public string Put(byte[] bytes, FetchedDigestRecord? fetched = null)
    {
        var sha = PayloadCodec.Sha256(bytes);
        if (fetched is not null) fetched.Sha256 = sha;
        bool remember = !string.IsNullOrEmpty(fetched?.Digest);
        bool stored = database.Run(c => Scalar(c, null, "SELECT 1 FROM payloads WHERE sha256 = $1", sha)) is not null;
        if (stored && !remember) return sha;
        var record = stored ? null : PayloadCodec.Encode(bytes, sha);
        var statements = new List<(string, object?[])>();
        // Never an update: a payload is immutable, and a racing writer of the same bytes stored the same record.
        if (record is not null)
        {
            statements.Add(("INSERT INTO payloads (sha256, compressed, length) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
                [record.Sha256, record.Compressed, record.Length]));
        }
        if (remember) statements.Add(RememberStatement(fetched!));
        database.InBatch([.. statements]);
        return sha;
    }

    public byte[] Get(string sha256)
    {
        var record = Find(sha256) ?? throw new StorageException($"payload {sha256} is not in the database");
        return PayloadCodec.Verified(record) ?? throw DamagedStoreException.In(database.Location, $"payload {sha256} no longer matches its SHA-256");
    }

    internal PayloadRecord? Find(string sha256) => database.Run(c => Query(c, null, "SELECT sha256, compressed, length FROM payloads WHERE sha256 = $1",
        r => new PayloadRecord { Sha256 = r.GetString(0), Compressed = r.GetFieldValue<byte[]>(1), Length = r.GetInt32(2) }, sha256).FirstOrDefault());

    public FetchedDigestRecord? FindFetched(string digest) => string.IsNullOrEmpty(digest) ? null : database.Run(c => Query(c, null,
        "SELECT digest, sha256, status_code, content_type, redirect_target FROM fetched_digests WHERE digest = $1",
        r => new FetchedDigestRecord
        {
            Digest = r.GetString(0), Sha256 = r.GetString(1), StatusCode = r.GetInt32(2), ContentType = r.NullableString(3), RedirectTarget = r.NullableString(4),
        }, digest).FirstOrDefault());

    private static (string, object?[]) RememberStatement(FetchedDigestRecord record) => ("""
        INSERT INTO fetched_digests (digest, sha256, status_code, content_type, redirect_target) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (digest) DO UPDATE SET sha256 = $2, status_code = $3, content_type = $4, redirect_target = $5
        """, [record.Digest, record.Sha256, record.StatusCode, record.ContentType, record.RedirectTarget]);

    public int Count => database.Run(c => Convert.ToInt32(Scalar(c, null, "SELECT count(*) FROM payloads"), System.Globalization.CultureInfo.InvariantCulture));
}
