using System.Runtime.CompilerServices;
using Harvester.Archive;

namespace Harvester.Crawl;

/// <summary>Counts the archive calls a crawl makes (CDX queries and snapshot fetches), to report requests per site-interval.</summary>
internal sealed class CountingArchive(IWebArchive inner) : IWebArchive
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

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
