using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>
/// What one site's crawl has found, on its way to the store: fetched payloads and half-years' outcomes. They wait while
/// what they took to find is cheap to find again, and are stored together (the payloads in one transaction, then the
/// half-years in one) once the crawl has worked <see cref="MaxWaitingWork"/> since the last store or the payloads
/// waiting reach <see cref="MaxWaitingBytes"/>, at the end of the crawl, or when it stops. Against the Wayback Machine
/// a fetch takes about a second, so each is stored as soon as it is known; against a local archive a site's half-years
/// take milliseconds, and storing them a transaction each cost more than finding them. A crash loses at most that much
/// work and never half of anything: a half-year's outcome and its version change are in one transaction, and a
/// version's payload is stored before it.
/// </summary>
internal sealed class PendingWrites(IPayloadStore payloads, IVersionStore versions, TimeProvider time)
{
    /// <summary>The crawling time whose results may wait unstored: what a crash can cost, at most.</summary>
    public static readonly TimeSpan MaxWaitingWork = TimeSpan.FromMilliseconds(250);

    /// <summary>The payload bytes that may wait, at most (a local archive reads large pages quickly).</summary>
    public const long MaxWaitingBytes = 8 * 1024 * 1024;

    private readonly List<(byte[] Bytes, FetchedDigestRecord? Fetched)> _payloads = [];
    private readonly List<IntervalRecord> _empty = [];
    private readonly List<FoundPolicy> _found = [];
    private long _payloadBytes;
    private long _since = time.GetTimestamp();

    /// <summary>Versions the stored half-years added (texts new to the site).</summary>
    public int NewVersions { get; private set; }

    /// <summary>A payload fetched from the archive, and the capture it was fetched for (when the archive served that one).</summary>
    /// <returns>Its SHA-256, as the store keys it.</returns>
    public string Payload(byte[] bytes, FetchedDigestRecord? fetched)
    {
        var sha = PayloadCodec.Sha256(bytes);
        if (fetched is not null) fetched.Sha256 = sha;
        _payloads.Add((bytes, fetched));
        _payloadBytes += bytes.Length;
        FlushWhenDue();
        return sha;
    }

    /// <summary>The payload of a CDX digest this crawl fetched and has not stored yet (the latest, if fetched twice).</summary>
    public bool TryGetPayload(string digest, out FetchedDigestRecord fetched, out byte[] body)
    {
        (fetched, body) = (null!, null!);
        if (string.IsNullOrEmpty(digest)) return false;
        for (int i = _payloads.Count - 1; i >= 0; i--)
        {
            if (_payloads[i].Fetched is { } waiting && waiting.Digest == digest)
            {
                (fetched, body) = (waiting, _payloads[i].Bytes);
                return true;
            }
        }
        return false;
    }

    public void Record(IntervalRecord outcome)
    {
        _empty.Add(outcome);
        FlushWhenDue();
    }

    public void Record(FoundPolicy policy)
    {
        _found.Add(policy);
        FlushWhenDue();
    }

    private void FlushWhenDue()
    {
        if (_payloadBytes >= MaxWaitingBytes || time.GetElapsedTime(_since) >= MaxWaitingWork) Flush();
    }

    /// <summary>Stores everything waiting: the payloads, then the half-years.</summary>
    public void Flush()
    {
        if (_payloads.Count > 0)
        {
            payloads.PutMany(_payloads);
            _payloads.Clear();
            _payloadBytes = 0;
        }
        if (_empty.Count > 0 || _found.Count > 0)
        {
            var results = versions.Record(_empty, _found);
            NewVersions += results.Count(r => r.IsNew);
            _empty.Clear();
            _found.Clear();
        }
        _since = time.GetTimestamp();
    }
}
