using Harvester.Archive;
using Harvester.Archive.Wayback;
using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harvester.Worker;

/// <summary>
/// The hosted worker behind <c>harvester run</c>: drains the durable job queue with a configured number of sites in
/// flight (sharing one archive client, so one set of rate limits), runs scheduled re-crawls, and writes a heartbeat.
/// On a stop signal it takes no new job, lets jobs in flight finish within the grace period, then cuts the rest
/// off and queues them again; half-years they finished stay stored.
/// </summary>
public sealed class CrawlWorker(
    IHarvesterStore stores,
    JobExecutor executor,
    RecrawlSchedule schedule,
    IWebArchive archive,
    WorkerProgress progress,
    WorkerRun run,
    IOptions<WorkerOptions> options,
    IOptions<StorageOptions> storage,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<CrawlWorker> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;
    private readonly CancellationTokenSource _abort = new();
    private readonly string _owner = LeaseOwner.ForThisProcess();
    private volatile string _state = "running";

    /// <summary>Set when the state changes, so the heartbeat says so at once instead of at the next beat.</summary>
    private readonly AutoResetEvent _beatNow = new(false);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first (synchronous) database work.
        await Task.Yield();
        logger.LogInformation("worker started: {Concurrency} sites at a time, archive {Archive}, database {Database}{Once}",
            _options.Concurrency, archive.Location, run.DatabasePath, run.Once ? ", until the queue is empty" : string.Empty);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatLoopAsync(heartbeatStop.Token);
        var running = new HashSet<Task>();
        DateTimeOffset? reportedBackoff = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                schedule.RunIfDue();
                TakeInbox();
                while (running.Count < _options.Concurrency && !stoppingToken.IsCancellationRequested)
                {
                    stores.EnsureFreeSpace(storage.Value.MinimumFreeBytes);
                    var job = stores.Jobs.TryLease(_owner, _options.LeaseDuration, ownerIsGone: LeaseOwner.IsGone);
                    if (job is null) break;
                    progress.Started(job.Site);
                    running.Add(Task.Run(() => RunJobAsync(job), CancellationToken.None));
                }
                if (running.Count == 0 && run.Once && !stores.Jobs.HasPending() && (stores.IsShared || SiteInbox.Pending(run.DatabasePath).Count == 0))
                {
                    logger.LogInformation("queue empty: stopping (--once)");
                    run.StopReason ??= "queue empty (--once)";
                    break;
                }
                if (running.Count == 0 && stores.Jobs.NextDue() is { } due && due > time.GetUtcNow().UtcDateTime && reportedBackoff != due)
                {
                    reportedBackoff = due;
                    logger.LogInformation("waiting: the next job is due at {Due:u} (backing off after a failure)", due);
                }
                await WaitForWorkAsync(running, stoppingToken).ConfigureAwait(false);
                foreach (var finished in running.Where(t => t.IsCompleted).ToList())
                {
                    running.Remove(finished);
                    await finished.ConfigureAwait(false); // surfaces a storage failure
                }
            }
        }
        catch (StorageException e)
        {
            logger.LogCritical("stopping: {Error}", e.Message);
            run.StopReason = e.Message;
            run.ExitCode = 1;
            await _abort.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            if (running.Count > 0)
            {
                _state = "stopping";
                logger.LogInformation("stopping: {Count} sites in flight may finish within {Grace}", running.Count, _options.GracePeriod);
                await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
            }
            _state = "stopped";
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            logger.LogInformation("worker stopped: {Done} sites done, {Failed} failed, {Released} queued again", progress.Done, progress.Failed, progress.Released);
            if (run.Once || run.ExitCode != 0) lifetime.StopApplication();
        }
    }

    /// <summary>Carries out what <c>add</c> and <c>retry</c> left for this worker, then deletes each request.</summary>
    private void TakeInbox()
    {
        if (stores.IsShared) return; // on a shared store, 'add' and 'retry' write to it themselves
        foreach (var (path, request) in SiteInbox.Pending(run.DatabasePath))
        {
            switch (request)
            {
                case { Kind: InboxRequest.Add }:
                    SiteSchedule.Add(stores, request.Domains, request.FromYear, request.ToYear);
                    logger.LogInformation("queued {Count} sites handed in by 'add' (years {From}-{To}; none given keeps a site's own)", request.Domains.Count, request.FromYear, request.ToYear);
                    break;
                case { Kind: InboxRequest.Retry }:
                    int count = request.Domains.Count == 0 ? stores.Jobs.RetryFailed() : request.Domains.Sum(d => stores.Jobs.RetryFailed(d));
                    logger.LogInformation("queued {Count} failed jobs again, as 'retry' asked", count);
                    break;
                default:
                    logger.LogWarning("{Path}: not a request this worker understands; deleted", path);
                    break;
            }
            try
            {
                File.Delete(path);
            }
            catch (IOException e)
            {
                logger.LogWarning("cannot delete {Path}: {Error}", path, e.Message);
            }
        }
    }

    private async Task WaitForWorkAsync(IEnumerable<Task> running, CancellationToken stoppingToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(_options.PollInterval, time, wake.Token);
        await Task.WhenAny(running.Append(delay)).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
    }

    private async Task RunJobAsync(JobRecord job)
    {
        var outcome = await executor.ExecuteAsync(job, _owner, _abort.Token).ConfigureAwait(false);
        progress.Finished(job.Site, outcome.Kind);
        switch (outcome.Kind)
        {
            case JobOutcomeKind.Done:
                var r = outcome.Result!;
                logger.LogInformation("{Site}: done: {Intervals} half-years, {Found} with a policy, {New} new versions, {Calls} archive calls",
                    r.Site, r.Intervals, r.Found, r.NewVersions, r.ArchiveCalls);
                break;
            case JobOutcomeKind.Released:
                logger.LogInformation("{Site}: {Reason}", outcome.Site, outcome.Error);
                break;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_state == "running") _state = "stopping";
        _beatNow.Set();
        // Jobs in flight get the grace period; then they are cut off (and queued again by the executor).
        using var grace = new CancellationTokenSource(_options.GracePeriod, time);
        await using var cut = grace.Token.Register(() => _abort.Cancel());
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On a thread of its own: a heartbeat must keep coming when jobs keep the thread pool busy (a local archive
    /// building its index, extraction of large pages), or <c>status</c> would call a busy worker stuck.
    /// </summary>
    private Task HeartbeatLoopAsync(CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        do
        {
            WriteHeartbeat();
        }
        while (WaitHandle.WaitAny([stop.WaitHandle, _beatNow], _options.HeartbeatInterval) != 0);
        WriteHeartbeat();
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void WriteHeartbeat()
    {
        try
        {
            var jobs = stores.Jobs.CountByState();
            double rate = progress.SitesPerHour;
            int remaining = jobs.GetValueOrDefault(JobStates.Queued) + jobs.GetValueOrDefault(JobStates.Leased);
            var now = time.GetUtcNow();
            var memory = GC.GetGCMemoryInfo();
            var heartbeat = new WorkerHeartbeat
            {
                ProcessId = Environment.ProcessId,
                Machine = Environment.MachineName,
                StartedAt = progress.StartedAt,
                UpdatedAt = now,
                State = _state,
                StopReason = _state == "running" ? null : run.StopReason ?? "stopped by the host",
                Concurrency = _options.Concurrency,
                InFlight = progress.InFlight,
                Jobs = jobs,
                SitesDone = progress.Done,
                SitesFailed = progress.Failed,
                SitesReleased = progress.Released,
                SitesPerHour = Math.Round(rate, 1),
                EstimatedDoneAt = rate > 0 && remaining > 0 ? now + TimeSpan.FromHours(remaining / rate) : null,
                FailuresByKind = stores.Jobs.FailuresByKind(),
                Endpoints = (archive as WaybackArchive)?.Statistics.Select(s => new EndpointState(
                    s.Endpoint, s.Requests, s.RequestsInLastMinute(), s.Retries, s.RateLimited, s.ServerErrors, s.TransportErrors, s.CircuitOpenings, s.CircuitState, s.PausedUntil)).ToList() ?? [],
                NextRecrawlAt = schedule.NextAt(),
                ManagedHeapMegabytes = Math.Round(memory.HeapSizeBytes / 1048576.0, 1),
                ManagedCommittedMegabytes = Math.Round(memory.TotalCommittedBytes / 1048576.0, 1),
                ResidentMegabytes = Math.Round(Environment.WorkingSet / 1048576.0, 1),
                Archive = archive.Location,
                QuerySocket = run.QuerySocket,
                WorkerId = _owner,
                RateGroup = run.RateGroup,
            };
            if (stores.IsShared)
            {
                stores.Workers.Beat(new WorkerRecord
                {
                    Id = _owner, Host = heartbeat.Machine, ProcessId = heartbeat.ProcessId, RateGroup = run.RateGroup ?? string.Empty,
                    State = _state, InFlight = heartbeat.InFlight.Count, StartedAt = heartbeat.StartedAt.UtcDateTime,
                    UpdatedAt = now.UtcDateTime, Details = heartbeat.ToJson(),
                });
            }
            else
            {
                heartbeat.WriteTo(run.HeartbeatPath);
            }
            // One batch per beat: a large backlog (a first worker on a big database) must not delay the next heartbeat.
            if (_state == "running") stores.Search.CatchUp(batchSize: 500, maxBatches: 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StorageException)
        {
            logger.LogWarning("cannot write the heartbeat {Path}: {Error}", stores.IsShared ? stores.Location : run.HeartbeatPath, e.Message);
        }
    }

    public override void Dispose()
    {
        _beatNow.Dispose();
        _abort.Dispose();
        base.Dispose();
    }
}
