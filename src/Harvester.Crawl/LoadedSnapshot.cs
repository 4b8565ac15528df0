using Harvester.Archive;

namespace Harvester.Crawl;

/// <summary>A capture's payload as the crawl uses it, whether fetched now or reused from the store.</summary>
internal sealed record LoadedSnapshot(string Timestamp, string Url, int Status, string? ContentType, string? RedirectTarget, byte[] Body, string Sha256)
{
    public string? Charset => Snapshot.CharsetOf(ContentType);
}
