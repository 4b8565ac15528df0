namespace Harvester.Core.Extraction;

/// <summary>Where a policy page came from: the crawled site, the capture date and the snapshot address.</summary>
/// <param name="Site">The crawled domain, e.g. <c>mit.edu</c>.</param>
/// <param name="ArchivedOn">The policy snapshot's capture date.</param>
/// <param name="SnapshotUrl">The <c>id_</c> snapshot address, e.g. <c>https://web.archive.org/web/20181130053814id_/http%3A//www.mit.edu/privacy</c>.</param>
public sealed record Provenance(string Site, DateOnly ArchivedOn, string SnapshotUrl)
{
    /// <summary>Provenance of a raw capture: snapshot address built from the timestamp and original URL.</summary>
    public static Provenance ForCapture(string site, string timestamp, string originalUrl) =>
        new(site, Snapshots.SnapshotUrl.DateOf(timestamp), Snapshots.SnapshotUrl.Build(timestamp, originalUrl));
}
