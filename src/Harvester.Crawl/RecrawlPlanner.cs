using Harvester.Core.Crawling;
using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>
/// Keeps every site's history current: extends each site's years to the latest half-year that has ended, and
/// queues a job for each site with an ended half-year not yet crawled. Sites already queued are not queued twice.
/// </summary>
public sealed class RecrawlPlanner(IHarvesterStore stores, TimeProvider time)
{
    /// <summary>Queues the sites that have new half-years; returns how many were queued.</summary>
    public int QueueNewHalfYears()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var latest = HalfYear.Between(now.Year - 1, now.Year, now).Max();
        int queued = 0;
        foreach (var site in stores.Sites.All())
        {
            int toYear = Math.Max(site.ToYear, latest.Year);
            bool missing = HalfYear.Between(site.FromYear, toYear, now).Any(i => stores.Versions.FindInterval(site.Domain, i.Label) is null);
            if (!missing) continue;
            stores.Sites.Add(site.Domain, site.FromYear, toYear);
            stores.Jobs.Enqueue(site.Domain);
            queued++;
        }
        return queued;
    }
}
