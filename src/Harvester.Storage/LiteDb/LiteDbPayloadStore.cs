namespace Harvester.Storage.LiteDb;

/// <summary>
/// Raw snapshot payloads, content-addressed by SHA-256 and Brotli-compressed, each stored once; and which CDX
/// digests were already fetched, so that an unchanged page costs no new request.
/// </summary>
public sealed class LiteDbPayloadStore(LiteDbFile database) : IPayloadStore
{
    public IReadOnlyList<string> PutMany(IReadOnlyList<(byte[] Bytes, FetchedDigestRecord? Fetched)> payloads)
    {
        var shas = PayloadCodec.Name(payloads);
        var stored = database.Read(() => shas.Distinct(StringComparer.Ordinal).Where(sha => database.Exists(database.Payloads, sha)).ToHashSet(StringComparer.Ordinal));
        // Compressed outside the gate; inserted, never updated: a payload is immutable, and a racing writer of the same
        // bytes already stored them.
        var records = PayloadCodec.EncodeMissing(payloads, shas, stored);
        var remembered = payloads.Select(p => p.Fetched).Where(f => !string.IsNullOrEmpty(f?.Digest)).ToList();
        if (records.Count == 0 && remembered.Count == 0) return shas;
        database.Write(() =>
        {
            foreach (var record in records)
            {
                if (!database.Exists(database.Payloads, record.Sha256)) database.Payloads.Insert(record);
            }
            foreach (var fetched in remembered) database.FetchedDigests.Upsert(fetched!);
        });
        return shas;
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

    /// <summary>Under the gate once, not once a digest.</summary>
    public IReadOnlyDictionary<string, FetchedDigestRecord> FindFetched(IReadOnlyCollection<string> digests)
    {
        var asked = digests.Where(d => !string.IsNullOrEmpty(d)).Distinct(StringComparer.Ordinal).ToList();
        if (asked.Count == 0) return new Dictionary<string, FetchedDigestRecord>(StringComparer.Ordinal);
        return database.Read(() => asked.Select(d => database.ById(database.FetchedDigests, d)).OfType<FetchedDigestRecord>().ToList())
            .ToDictionary(f => f.Digest, StringComparer.Ordinal);
    }

    public int Count => database.Read(() => database.Payloads.Count());
}
