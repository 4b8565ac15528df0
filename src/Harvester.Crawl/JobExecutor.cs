using Harvester.Archive;
using Harvester.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Crawl;

/// <summary>
/// Runs one leased job: crawls its site, keeps the lease alive while it runs, and records the end: done; failed
/// (back to the queue with backoff, or failed for good); or released unfinished when the work was cancelled, so it
/// comes back at once without counting as an attempt. Half-years finished before a cancellation stay stored.
/// </summary>
public sealed class JobExecutor(SiteCrawler crawler, CrawlStores stores, TimeProvider? time = null, ILogger<JobExecutor>? logger = null)
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
            stores.Jobs.Fail(job.Id, $"site {job.Site} is not scheduled", maxAttempts: 1, kind: "not-scheduled");
            return new JobOutcome(job.Site, JobOutcomeKind.Failed, null, $"site {job.Site} is not scheduled");
        }
        using var renewal = new CancellationTokenSource();
        var renewing = RenewWhileRunningAsync(job.Id, owner, renewal.Token);
        try
        {
            var result = await crawler.CrawlAsync(site, cancellationToken).ConfigureAwait(false);
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            stores.Sites.Finish(site.Domain, SiteStates.Done, result.ArchiveCalls);
            stores.Jobs.Complete(job.Id);
            return new JobOutcome(site.Domain, JobOutcomeKind.Done, result, null);
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
            return Fail(job, site, e.Message, KindName(e.Kind));
        }
        catch (Exception e) when (e is not StorageException and not OperationCanceledException and not OutOfMemoryException)
        {
            // A bug or an input nobody foresaw must cost this site, not the batch.
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
            _logger.LogError(e, "{Site}: unexpected failure", site.Domain);
            return Fail(job, site, $"unexpected: {e.GetType().Name}: {e.Message}", "unexpected");
        }
        finally
        {
            await StopRenewingAsync(renewal, renewing).ConfigureAwait(false);
        }
    }

    private JobOutcome Fail(JobRecord job, SiteRecord site, string error, string kind)
    {
        stores.Jobs.Fail(job.Id, error, kind: kind);
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

    private async Task RenewWhileRunningAsync(int jobId, string owner, CancellationToken stop)
    {
        var every = LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, _time, stop).ConfigureAwait(false);
                if (!stores.Jobs.Renew(jobId, owner, LeaseDuration)) _logger.LogWarning("job {Job}: lease lost to another worker", jobId);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (StorageException e)
        {
            _logger.LogWarning("job {Job}: cannot renew its lease: {Error}", jobId, e.Message);
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
