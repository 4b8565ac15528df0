using Harvester.Archive;
using Harvester.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Crawl;

/// <summary>
/// Runs one leased job: crawls its site, keeps the lease alive while it runs, and records the end: done; failed
/// (back to the queue with backoff, or failed for good); or released unfinished when the work was cancelled, so it
/// comes back at once without counting as an attempt. Half-years finished before a cancellation stay stored. A lease
/// that is lost (it ran out and another worker took the job) or cannot be renewed stops the crawl at once, and every
/// change of the job checks that this owner still holds it: two workers never crawl one site at the same time.
/// </summary>
public sealed class JobExecutor(SiteCrawler crawler, IHarvesterStore stores, TimeProvider? time = null, ILogger<JobExecutor>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<JobExecutor>.Instance;

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <exception cref="StorageException">The database refused a write (a full disk); the job stays leased and comes back.</exception>
    public async Task<JobOutcome> ExecuteAsync(JobRecord job, string owner, CancellationToken cancellationToken)
    {
        var site = stores.Sites.Find(job.Site);
        if (site is null)
        {
            stores.Jobs.Fail(job.Id, owner, $"site {job.Site} is not scheduled", maxAttempts: 1, kind: "not-scheduled");
            return new JobOutcome(job.Site, JobOutcomeKind.Failed, null, $"site {job.Site} is not scheduled");
        }
        using var renewal = new CancellationTokenSource();
        using var leaseLost = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token);
        var renewing = RenewWhileRunningAsync(job.Id, owner, renewal.Token, leaseLost);
        try
        {
            var result = await crawler.CrawlAsync(site, work.Token).ConfigureAwait(false);
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            if (!stores.Jobs.CompleteCrawl(job.Id, owner, result.ArchiveCalls))
            {
                // Everything is stored; the worker that holds the job now finds its half-years done and writes nothing twice.
                _logger.LogWarning("{Site}: finished, but its lease had passed to another worker, which completes it", site.Domain);
                return new JobOutcome(site.Domain, JobOutcomeKind.Released, result, "lease lost to another worker; it completes the job");
            }
            return new JobOutcome(site.Domain, JobOutcomeKind.Done, result, null);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            return new JobOutcome(site.Domain, JobOutcomeKind.Released, null, "stopped: its lease was lost or could not be renewed; the job is another worker's now or comes back when the lease runs out");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            stores.Jobs.Release(job.Id, owner);
            return new JobOutcome(site.Domain, JobOutcomeKind.Released, null, "stopped before it finished; queued again");
        }
        catch (ArchiveException e)
        {
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            return Fail(job, owner, site, e.Message, KindName(e.Kind));
        }
        catch (Exception e) when (e is not StorageException and not OperationCanceledException and not OutOfMemoryException)
        {
            // A bug or an input nobody foresaw must cost this site, not the batch.
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            _logger.LogError(e, "{Site}: unexpected failure", site.Domain);
            return Fail(job, owner, site, $"unexpected: {e.GetType().Name}: {e.Message}", "unexpected");
        }
        finally
        {
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
        }
    }

    private JobOutcome Fail(JobRecord job, string owner, SiteRecord site, string error, string kind)
    {
        if (!stores.Jobs.Fail(job.Id, owner, error, kind: kind))
        {
            _logger.LogWarning("{Site}: {Error}; not recorded: its lease had passed to another worker", site.Domain, error);
            return new JobOutcome(site.Domain, JobOutcomeKind.Released, null, "lease lost to another worker");
        }
        bool final = stores.Jobs.Failed().Any(j => j.Id == job.Id);
        if (final) stores.Sites.Finish(site.Domain, SiteStates.Failed, 0);
        _logger.LogWarning("{Site}: {Error}; {What}", site.Domain, error, final ? "failed for good (harvester retry queues it again)" : "will retry after a backoff");
        return new JobOutcome(site.Domain, JobOutcomeKind.Failed, null, error);
    }

    private static string KindName(ArchiveErrorKind kind) => kind switch
    {
        ArchiveErrorKind.Unavailable => "archive-unavailable",
        ArchiveErrorKind.NotFound => "not-found",
        ArchiveErrorKind.TooManyRedirects => "redirects",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Renews the lease every third of its duration; cancels <paramref name="lost"/> when it is lost or a renewal fails.</summary>
    private async Task RenewWhileRunningAsync(int jobId, string owner, CancellationToken stop, CancellationTokenSource lost)
    {
        var every = LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, stop).ConfigureAwait(false);
                if (!stores.Jobs.Renew(jobId, owner, LeaseDuration))
                {
                    _logger.LogWarning("job {Job}: lease lost to another worker; stopping its crawl", jobId);
                    await lost.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (StorageException e)
        {
            // Unrenewed, the lease runs out while the crawl goes on, and another worker may take the site: stop now.
            _logger.LogWarning("job {Job}: cannot renew its lease ({Error}); stopping its crawl", jobId, e.Message);
            await lost.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async Task StopRenewingAsync(CancellationTokenSource renewal, Task renewing)
    {
        if (!renewal.IsCancellationRequested) await renewal.CancelAsync().ConfigureAwait(false);
        await renewing.ConfigureAwait(false);
    }
}

public enum JobOutcomeKind
{
    Done,
    Failed,
    Released,
}

/// <summary>How one job ended; <see cref="Result"/> when it was done.</summary>
public sealed record JobOutcome(string Site, JobOutcomeKind Kind, SiteCrawlResult? Result, string? Error);
