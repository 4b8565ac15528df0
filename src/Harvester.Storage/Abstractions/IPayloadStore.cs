namespace Harvester.Storage;

/// <summary>
/// Raw snapshot payloads, content-addressed by SHA-256 and compressed, each stored once; and which CDX digests were
/// already fetched, so that an unchanged page costs no new request.
/// </summary>
public interface IPayloadStore
{
    /// <summary>
    /// Stores <paramref name="bytes"/> unless already there, and with them, in the same transaction, that the capture
    /// <paramref name="fetched"/> names was fetched (its <see cref="FetchedDigestRecord.Sha256"/> is set here).
    /// </summary>
    /// <returns>The payload's SHA-256 (lower-case hex).</returns>
    string Put(byte[] bytes, FetchedDigestRecord? fetched = null) => PutMany([(bytes, fetched)])[0];

    /// <summary>
    /// Stores each payload unless already there, and that the capture each names was fetched, all in one transaction
    /// (as <see cref="Put"/> does for one).
    /// </summary>
    /// <returns>Each payload's SHA-256 (lower-case hex), in order.</returns>
    IReadOnlyList<string> PutMany(IReadOnlyList<(byte[] Bytes, FetchedDigestRecord? Fetched)> payloads);

    /// <exception cref="StorageException">The payload is missing.</exception>
    /// <exception cref="DamagedStoreException">The payload is damaged.</exception>
    byte[] Get(string sha256);

    FetchedDigestRecord? FindFetched(string digest);

    /// <summary>
    /// Which of <paramref name="digests"/> were fetched before, asked together (one round trip, one read): the records of
    /// those that were; the others are absent from the answer. Empty digests are never found.
    /// </summary>
    IReadOnlyDictionary<string, FetchedDigestRecord> FindFetched(IReadOnlyCollection<string> digests)
    {
        var found = new Dictionary<string, FetchedDigestRecord>(StringComparer.Ordinal);
        foreach (var digest in digests)
        {
            if (!found.ContainsKey(digest) && FindFetched(digest) is { } record) found[digest] = record;
        }
        return found;
    }

    int Count { get; }
}
