namespace Harvester.Crawl;

/// <summary>What crawling one site did.</summary>
/// <param name="Site">The domain.</param>
/// <param name="Intervals">Half-years looked at in this run (already recorded ones are skipped).</param>
/// <param name="Found">Intervals that yielded a policy.</param>
/// <param name="NewVersions">Distinct texts added.</param>
/// <param name="ArchiveCalls">CDX queries and snapshot fetches made.</param>
public sealed record SiteCrawlResult(string Site, int Intervals, int Found, int NewVersions, int ArchiveCalls)
{
    public double CallsPerInterval => Intervals == 0 ? 0 : ArchiveCalls / (double)Intervals;
}
