using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>The stores a crawl writes to, over one database.</summary>
public sealed class CrawlStores(HarvesterDatabase database, TimeProvider time)
{
    public HarvesterDatabase Database { get; } = database;
    public SiteStore Sites { get; } = new(database, time);
    public CaptureStore Captures { get; } = new(database, time);
    public PayloadStore Payloads { get; } = new(database);
    public VersionStore Versions { get; } = new(database, time);
    public JobQueue Jobs { get; } = new(database, time);
}
