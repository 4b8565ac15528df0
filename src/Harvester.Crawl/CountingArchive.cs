using System.Runtime.CompilerServices;
using Harvester.Archive;
using Harvester.Core.Crawling;

namespace Harvester.Crawl;

/// <summary>Counts the archive calls a crawl makes (CDX queries and snapshot fetches), to report requests per site-interval.</summary>
internal sealed class CountingArchive(IWebArchive inner) : IWebArchive
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>
    /// The capture lists this site's crawl has read, by lookup: a policy page's captures are read from the store once
    /// per site, not once per half-year (one crawl, one site: nothing else changes them meanwhile).
    /// </summary>
    public Dictionary<string, IReadOnlyList<CaptureCandidate>> CaptureLists { get; } = new(StringComparer.Ordinal);

    public string Location => inner.Location;

    public async IAsyncEnumerable<Capture> ListCapturesAsync(CaptureQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await foreach (var capture in inner.ListCapturesAsync(query, cancellationToken).ConfigureAwait(false)) yield return capture;
    }

    public Task<Snapshot> FetchAsync(string timestamp, string url, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return inner.FetchAsync(timestamp, url, cancellationToken);
    }
}
