using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>
/// Drains the job queue: leases a site's job, crawls it, marks it done, or records the failure for a retry with
/// backoff. A crashed run leaves leased jobs behind; their leases expire and the next run takes them again.
/// </summary>
public sealed class CrawlRunner(JobExecutor executor, IHarvesterStore stores, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public TimeSpan LeaseDuration => executor.LeaseDuration;

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
            stores.EnsureFreeSpace(MinimumFreeBytes);
            var job = stores.Jobs.TryLease(owner, LeaseDuration, onlySites, LeaseOwner.IsGone);
            if (job is null)
            {
                if (!waitForBackoff || !stores.Jobs.HasPending(onlySites)) break;
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var outcome = await executor.ExecuteAsync(job, owner, cancellationToken).ConfigureAwait(false);
            if (outcome.Result is { } result)
            {
                results.Add(result);
                progress?.Invoke(result);
            }
        }
        return results;
    }
}
