using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>Adds sites to the store and queues a crawl job for each (what <c>add</c>, <c>crawl</c> and the worker's inbox do).</summary>
public static class SiteSchedule
{
    /// <param name="fromYear">The first year; null keeps a scheduled site's own (1996 for a new one).</param>
    /// <param name="toYear">The last year; null keeps a scheduled site's own (this year for a new one).</param>
    public static void Add(IHarvesterStore stores, IEnumerable<string> domains, int? fromYear, int? toYear)
    {
        // In chunks, each site before its job: a list of 130,000 sites is a few dozen statements on a server, and an
        // interrupted add leaves no job without its site.
        foreach (var chunk in domains.Distinct(StringComparer.Ordinal).Chunk(5_000))
        {
            stores.Sites.AddMany(chunk, fromYear, toYear);
            stores.Jobs.EnqueueMany(chunk);
        }
    }
}
