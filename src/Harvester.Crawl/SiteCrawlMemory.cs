using Harvester.Core.Crawling;
using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>
/// What one site's crawl has already read from the store, kept for its later half-years (one crawl, one site: nothing
/// else changes these meanwhile). A site's home page and policy are usually the same capture for many half-years, so
/// most half-years find their payloads here instead of asking the store twice for each (and decompressing and
/// verifying it again).
/// </summary>
internal sealed class SiteCrawlMemory
{
    /// <summary>Bodies kept at most, in total: a site with many large distinct pages reads the older ones from the store again.</summary>
    public const long MaxPayloadBytes = 8 * 1024 * 1024;

    private readonly Dictionary<string, (FetchedDigestRecord Fetched, byte[] Body)> _payloads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FetchedDigestRecord?> _checked = new(StringComparer.Ordinal);
    private long _payloadBytes;

    /// <summary>
    /// The home page's capture timestamps this crawl expects to load, one per half-year it crawls: the policy is looked
    /// for nearest each, so its likely captures can be asked of the store together.
    /// </summary>
    public IReadOnlyList<string> ExpectedHomeTimestamps { get; set; } = [];

    /// <summary>Capture lists whose likely digests were asked of the store already.</summary>
    public HashSet<string> AskedLists { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What the store said of a CDX digest when asked earlier in this crawl: fetched before (the record), or not
    /// (null). A digest this crawl fetched itself answers from <see cref="TryGetPayload"/> or its pending writes first.
    /// </summary>
    public bool TryGetChecked(string digest, out FetchedDigestRecord? fetched) => _checked.TryGetValue(digest, out fetched);

    /// <summary>The digests of <paramref name="digests"/> not yet asked of the store, nor remembered.</summary>
    public IReadOnlyCollection<string> Unasked(IEnumerable<string> digests) =>
        digests.Where(d => !string.IsNullOrEmpty(d) && !_checked.ContainsKey(d)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Records the store's answer for <paramref name="asked"/>: those in <paramref name="found"/> were fetched, the rest not.</summary>
    public void Checked(IReadOnlyCollection<string> asked, IReadOnlyDictionary<string, FetchedDigestRecord> found)
    {
        foreach (var digest in asked) _checked[digest] = found.GetValueOrDefault(digest);
    }

    /// <summary>Capture lists by lookup (a URL key, or it and " redirects"), as the store holds them.</summary>
    public Dictionary<string, IReadOnlyList<CaptureCandidate>> CaptureLists { get; } = new(StringComparer.Ordinal);

    /// <summary>The payload fetched before for a CDX digest, when this crawl has read or stored it.</summary>
    public bool TryGetPayload(string digest, out FetchedDigestRecord fetched, out byte[] body)
    {
        if (!string.IsNullOrEmpty(digest) && _payloads.TryGetValue(digest, out var known))
        {
            (fetched, body) = known;
            return true;
        }
        (fetched, body) = (null!, null!);
        return false;
    }

    /// <summary>Remembers a digest's payload, once it is in the store; when the bodies grow past the bound, starts over.</summary>
    public void RememberPayload(FetchedDigestRecord fetched, byte[] body)
    {
        if (string.IsNullOrEmpty(fetched.Digest) || _payloads.ContainsKey(fetched.Digest)) return;
        // Kept even when the body is not: a digest fetched once is never asked of the store as unfetched again.
        _checked[fetched.Digest] = fetched;
        if (_payloadBytes + body.Length > MaxPayloadBytes)
        {
            _payloads.Clear();
            _payloadBytes = 0;
            if (body.Length > MaxPayloadBytes) return;
        }
        _payloads[fetched.Digest] = (fetched, body);
        _payloadBytes += body.Length;
    }
}
