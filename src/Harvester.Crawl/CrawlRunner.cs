using Harvester.Archive;
using Harvester.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Crawl;

/// <summary>
/// Drains the job queue: leases a site's job, crawls it, marks it done, or records the failure for a retry with
/// backoff. A crashed run leaves leased jobs behind; their leases expire and the next run takes them again.
/// </summary>
public sealed class CrawlRunner(SiteCrawler crawler, CrawlStores stores, TimeProvider? time = null, ILogger<CrawlRunner>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<CrawlRunner>.Instance;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Free space the database's disk must keep; the runner stops before a site when there is less. Default 256 MiB.</summary>
    public long MinimumFreeBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Runs jobs until none is due; waits for jobs leased elsewhere or backing off when <paramref name="waitForBackoff"/>.</summary>
    /// <param name="onlySites">Restrict to these sites (for <c>harvester crawl DOMAIN...</c>); null for all.</param>
    /// <param name="progress">Hears of every finished site.</param>
    public async Task<IReadOnlyList<SiteCrawlResult>> RunAsync(
        IReadOnlyCollection<string>? onlySites, bool waitForBackoff, Action<SiteCrawlResult>? progress, CancellationToken cancellationToken)
    {
        var owner = LeaseOwner.ForThisProcess();
        var results = new List<SiteCrawlResult>();
        while (!cancellationToken.IsCancellationRequested)
        {
            stores.Database.EnsureFreeSpace(MinimumFreeBytes);
            var job = stores.Jobs.TryLease(owner, LeaseDuration, onlySites, LeaseOwner.IsGone);
            if (job is null)
            {
                if (!waitForBackoff || !stores.Jobs.HasPending(onlySites)) break;
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var site = stores.Sites.Find(job.Site);
            if (site is null)
            {
                stores.Jobs.Fail(job.Id, $"site {job.Site} is not scheduled", maxAttempts: 1);
                continue;
            }
            try
            {
                var result = await crawler.CrawlAsync(site, cancellationToken).ConfigureAwait(false);
                stores.Sites.Finish(site.Domain, SiteStates.Done, result.ArchiveCalls);
                stores.Jobs.Complete(job.Id);
                results.Add(result);
                progress?.Invoke(result);
            }
            catch (ArchiveException e)
            {
                _logger.LogWarning("{Site}: {Error}; will retry", site.Domain, e.Message);
                stores.Jobs.Fail(job.Id, e.Message);
                if (stores.Jobs.Failed().Any(j => j.Id == job.Id)) stores.Sites.Finish(site.Domain, SiteStates.Failed, 0);
            }
        }
        return results;
    }
}
