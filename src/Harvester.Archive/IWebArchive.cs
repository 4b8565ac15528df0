namespace Harvester.Archive;

/// <summary>
/// A web archive: the live Wayback Machine, a pywb instance, or a local folder of WARC files.
/// Every implementation answers the same two questions.
/// </summary>
public interface IWebArchive
{
    /// <summary>Where the archive is, for messages ("https://web.archive.org", "/data/warcs").</summary>
    string Location { get; }

    /// <summary>The captures of one URL (CDX rows), oldest first.</summary>
    IAsyncEnumerable<Capture> ListCapturesAsync(CaptureQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The capture of <paramref name="url"/> nearest to <paramref name="timestamp"/>, with its original bytes.
    /// A capture of a redirect comes back with <see cref="Snapshot.IsRedirect"/> and its target.
    /// </summary>
    /// <exception cref="ArchiveException">No capture, refused, or still failing after the retries.</exception>
    Task<Snapshot> FetchAsync(string timestamp, string url, CancellationToken cancellationToken);
}
