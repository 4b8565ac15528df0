namespace Harvester.Cli.Commands;

/// <summary>Adds sites to the store and queues a crawl job for each (what <c>add</c> and <c>crawl</c> both do first).</summary>
internal static class SiteScheduler
{
    public static void Schedule(StoreSession session, IEnumerable<string> domains, int fromYear, int toYear)
    {
        foreach (var domain in domains)
        {
            session.Stores.Sites.Add(domain, fromYear, toYear);
            session.Stores.Jobs.Enqueue(domain);
        }
    }
}
