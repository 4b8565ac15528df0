namespace Harvester.Storage;

/// <summary>
/// Raw snapshot payloads, content-addressed by SHA-256 and compressed, each stored once; and which CDX digests were
/// already fetched, so that an unchanged page costs no new request.
/// </summary>
public interface IPayloadStore
{
    /// <summary>Stores <paramref name="bytes"/> unless already there; returns its SHA-256 (lower-case hex).</summary>
    string Put(byte[] bytes);

    /// <exception cref="StorageException">The payload is missing.</exception>
    /// <exception cref="DamagedStoreException">The payload is damaged.</exception>
    byte[] Get(string sha256);

    FetchedDigestRecord? FindFetched(string digest);

    void RememberFetched(FetchedDigestRecord record);

    int Count { get; }
}
