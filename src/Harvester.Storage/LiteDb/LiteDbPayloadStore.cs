namespace Harvester.Storage.LiteDb;

/// <summary>
/// Raw snapshot payloads, content-addressed by SHA-256 and Brotli-compressed, each stored once; and which CDX
/// digests were already fetched, so that an unchanged page costs no new request.
/// </summary>
public sealed class LiteDbPayloadStore(LiteDbFile database) : IPayloadStore
{
    public string Put(byte[] bytes, FetchedDigestRecord? fetched = null)
    {
        var sha = PayloadCodec.Sha256(bytes);
        if (fetched is not null) fetched.Sha256 = sha;
        bool remember = !string.IsNullOrEmpty(fetched?.Digest);
        bool stored = database.Read(() => database.ById(database.Payloads, sha)) is not null;
        if (stored && !remember) return sha;
        // Compressed outside the gate; inserted, never updated: a payload is immutable, and a racing writer of the same
        // bytes already stored them.
        var record = stored ? null : PayloadCodec.Encode(bytes, sha);
        database.Write(() =>
        {
            if (record is not null && database.ById(database.Payloads, sha) is null) database.Payloads.Insert(record);
            if (remember) database.FetchedDigests.Upsert(fetched!);
        });
        return sha;
    }

    /// <exception cref="StorageException">The payload is missing.</exception>
    /// <exception cref="DamagedStoreException">The payload is damaged.</exception>
    public byte[] Get(string sha256)
    {
        var record = database.Read(() => database.ById(database.Payloads, sha256)) ?? throw new StorageException($"payload {sha256} is not in the database");
        return Verified(record) ?? throw DamagedStoreException.In(database.Path, $"payload {sha256} no longer matches its SHA-256");
    }

    internal static byte[]? Verified(PayloadRecord record) => PayloadCodec.Verified(record);

    public FetchedDigestRecord? FindFetched(string digest) => string.IsNullOrEmpty(digest) ? null : database.Read(() => database.ById(database.FetchedDigests, digest));

    public int Count => database.Read(() => database.Payloads.Count());
}
