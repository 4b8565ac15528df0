using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>
/// The durable job queue: one job per site to crawl. A worker leases a job for a while; a job whose lease expired
/// (its worker crashed) comes back. Failures retry with exponential backoff up to a limit, then stay visible as
/// failed with their reason until retried by command.
/// </summary>
public sealed class LiteDbJobQueue(LiteDbFile database, TimeProvider time) : IJobQueue
{
    private const string OtherFailure = IJobQueue.OtherFailure;

    /// <summary>Queues a crawl of <paramref name="site"/> unless one is already queued or running.</summary>
    public JobRecord Enqueue(string site)
    {
        return database.InTransaction(() =>
        {
            var active = database.Jobs.FindOne(j => j.Site == site && (j.State == JobStates.Queued || j.State == JobStates.Leased));
            if (active is not null) return active;
            var now = time.GetUtcNow().UtcDateTime;
            var job = new JobRecord { Site = site, State = JobStates.Queued, NextAttemptAt = now, CreatedAt = now, UpdatedAt = now };
            database.Jobs.Insert(job);
            Save(job); // the key holds the id, known only now
            return job;
        });
    }

    /// <summary>Every job in one transaction: one commit instead of one a site.</summary>
    public void EnqueueMany(IReadOnlyCollection<string> sites) => database.Write(() =>
    {
        foreach (var site in sites.Distinct(StringComparer.Ordinal)) Enqueue(site);
    });

    /// <summary>Leases the next job that is due (or whose lease expired, or whose owner is gone), or returns null.</summary>
    /// <param name="ownerIsGone">Tells whether a lease owner has certainly stopped (a crashed process), so its lease need not run out.</param>
    public JobRecord? TryLease(string owner, TimeSpan leaseDuration, IReadOnlyCollection<string>? onlySites = null, Func<string, bool>? ownerIsGone = null)
    {
        return database.InTransaction(() =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            // Leases a dead or crashed worker left behind come first (there are few leased jobs: those in flight).
            var job = database.Jobs.Find(j => j.State == JobStates.Leased)
                .Where(j => j.LeaseExpiresAt < now || (ownerIsGone is not null && j.LeaseOwner is { } o && ownerIsGone(o)))
                .Where(j => onlySites is null || onlySites.Contains(j.Site))
                .OrderBy(j => j.NextAttemptAt).ThenBy(j => j.Id)
                .FirstOrDefault() ?? FirstDue(now, onlySites);
            if (job is null) return null;
            job.State = JobStates.Leased;
            job.LeaseOwner = owner;
            job.LeaseExpiresAt = now + leaseDuration;
            job.Attempts++;
            job.UpdatedAt = now;
            Save(job);
            return job;
        });
    }

    /// <summary>The queued job due first (by due time, then id) among <paramref name="onlySites"/>, if one is due by <paramref name="now"/>.</summary>
    private JobRecord? FirstDue(DateTime now, IReadOnlyCollection<string>? onlySites)
    {
        var latest = JobRecord.DueKeyFor(now, int.MaxValue);
        if (onlySites is { Count: <= 64 })
        {
            // A few named sites ('crawl DOMAIN...'): their own jobs, through the site index.
            return onlySites.Select(site => database.Jobs.FindOne(j => j.Site == site && j.State == JobStates.Queued))
                .Where(j => j?.DueKey is { } key && string.CompareOrdinal(key, latest) <= 0)
                .OrderBy(j => j!.DueKey, StringComparer.Ordinal)
                .FirstOrDefault();
        }
        // In queue order along the index; with a long list of sites, the first of theirs (usually the very first).
        return database.Jobs.Query()
            .Where(BsonExpression.Create(DueUpTo, string.Empty, latest))
            .OrderBy(nameof(JobRecord.DueKey))
            .ToEnumerable()
            .FirstOrDefault(j => onlySites is null || onlySites.Contains(j.Site));
    }

    /// <summary>
    /// The range as a parameterised expression: LiteDB compiles and caches every distinct expression text for good,
    /// so one with the time written into it (as <c>Query.Between</c> writes it) grew the cache by a compiled method
    /// per lease.
    /// </summary>
    private const string DueUpTo = "$." + nameof(JobRecord.DueKey) + " BETWEEN @0 AND @1";

    private void Save(JobRecord job)
    {
        job.RefreshDueKey();
        database.Jobs.Update(job);
    }

    /// <summary>Extends a lease its owner still holds; false when the job is no longer this owner's.</summary>
    public bool Renew(int jobId, string owner, TimeSpan leaseDuration) =>
        database.InTransaction(() =>
        {
            var job = database.ById(database.Jobs, jobId);
            if (job is null || job.State != JobStates.Leased || job.LeaseOwner != owner) return false;
            job.LeaseExpiresAt = time.GetUtcNow().UtcDateTime + leaseDuration;
            Save(job);
            return true;
        });

    /// <summary>Gives a leased job back unfinished (a worker stopping): queued again at once, the attempt not counted.</summary>
    public void Release(int jobId, string owner) =>
        database.Write(() =>
        {
            var job = database.ById(database.Jobs, jobId);
            if (job is null || job.State != JobStates.Leased || job.LeaseOwner != owner) return;
            var now = time.GetUtcNow().UtcDateTime;
            job.State = JobStates.Queued;
            job.Attempts = Math.Max(0, job.Attempts - 1);
            job.LeaseOwner = null;
            job.LeaseExpiresAt = null;
            job.NextAttemptAt = now;
            job.UpdatedAt = now;
            Save(job);
        });

    /// <summary>
    /// Marks a leased job done, in one transaction with the check that <paramref name="owner"/> still holds its lease;
    /// false (and nothing changed) when it does not: the lease ran out and another worker has the job now.
    /// </summary>
    public bool Complete(int jobId, string owner) => database.InTransaction(() =>
    {
        if (Owned(jobId, owner) is not { } job) return false;
        MarkDone(job, time.GetUtcNow().UtcDateTime);
        return true;
    });

    /// <remarks>A missing site throws inside the transaction, which rolls the job's change back.</remarks>
    public bool CompleteCrawl(int jobId, string owner, long requests) => database.InTransaction(() =>
    {
        if (Owned(jobId, owner) is not { } job) return false;
        var now = time.GetUtcNow().UtcDateTime;
        MarkDone(job, now);
        LiteDbSiteStore.Finish(database, job.Site, SiteStates.Done, requests, now);
        return true;
    });

    private void MarkDone(JobRecord job, DateTime now)
    {
        job.State = JobStates.Done;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.LastError = null;
        job.LastErrorKind = null;
        job.UpdatedAt = now;
        Save(job);
    }

    private JobRecord? Owned(int jobId, string owner) =>
        database.ById(database.Jobs, jobId) is { State: JobStates.Leased } job && job.LeaseOwner == owner ? job : null;

    /// <summary>
    /// Records a failed attempt of a job <paramref name="owner"/> holds: back to the queue after a backoff, or failed for
    /// good after <paramref name="maxAttempts"/>. False (and nothing changed) when the lease is no longer its.
    /// </summary>
    public bool Fail(int jobId, string owner, string error, int maxAttempts = IJobQueue.DefaultMaxAttempts, string? kind = null) => database.InTransaction(() =>
    {
        if (Owned(jobId, owner) is not { } job) return false;
        var now = time.GetUtcNow().UtcDateTime;
        job.LastError = error;
        job.LastErrorKind = kind ?? OtherFailure;
        job.LeaseOwner = null;
        job.LeaseExpiresAt = null;
        job.UpdatedAt = now;
        if (job.Attempts >= maxAttempts)
        {
            job.State = JobStates.Failed;
        }
        else
        {
            job.State = JobStates.Queued;
            job.NextAttemptAt = now + JobBackoff.After(job.Attempts);
        }
        Save(job);
        return true;
    });

    /// <summary>Puts failed jobs back in the queue; returns how many.</summary>
    public int RetryFailed(string? site = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        int count = 0;
        foreach (var job in database.Read(() => database.Jobs.Find(j => j.State == JobStates.Failed).Where(j => site is null || j.Site == site).ToList()))
        {
            job.State = JobStates.Queued;
            job.Attempts = 0;
            job.NextAttemptAt = now;
            job.UpdatedAt = now;
            database.Write(() => Save(job));
            count++;
        }
        return count;
    }

    /// <summary>The last error of the site's most recent job, if it failed.</summary>
    public string? LastError(string site) =>
        database.Read(() => database.Jobs.Find(j => j.Site == site).OrderByDescending(j => j.Id).FirstOrDefault()?.LastError);

    /// <summary>Jobs per state (states with none left out), counted on the state index's keys (every heartbeat, at 130,000 jobs).</summary>
    public IReadOnlyDictionary<string, int> CountByState() =>
        database.CountByIndexKey(database.Jobs, nameof(JobRecord.State), [JobStates.Queued, JobStates.Leased, JobStates.Done, JobStates.Failed]);

    /// <summary>Jobs that failed for good or are backing off after a failure, by the kind of their last failure.</summary>
    /// <remarks>Reads only the jobs that have a failure on record, through the failure-kind index.</remarks>
    public IReadOnlyDictionary<string, int> FailuresByKind() =>
        database.Read(() => database.Jobs.Find(Query.GTE(nameof(JobRecord.LastErrorKind), string.Empty))
            .Where(j => j.State is JobStates.Failed or JobStates.Queued)
            .GroupBy(j => j.LastErrorKind!).ToDictionary(g => g.Key, g => g.Count()));

    public IReadOnlyList<JobRecord> Failed() =>
        database.Read(() => database.Jobs.Find(j => j.State == JobStates.Failed).OrderBy(j => j.Site, StringComparer.Ordinal).ToList());

    /// <summary>
    /// How many distinct sites finished a job since <paramref name="since"/>, and when the first did. Sites, not jobs:
    /// a site crawled again (a 'crawl' after an 'add', a re-crawl) has a done job for each time.
    /// </summary>
    public (int Count, DateTime? First) DoneSince(DateTime since)
    {
        var done = database.Read(() => database.Jobs.Find(j => j.State == JobStates.Done).Where(j => j.UpdatedAt >= since).Select(j => (j.Site, j.UpdatedAt)).ToList());
        return (done.Select(d => d.Site).Distinct().Count(), done.Count == 0 ? null : done.Min(d => d.UpdatedAt));
    }

    /// <summary>When the earliest job backing off is due again, if any.</summary>
    public DateTime? NextDue() =>
        database.Read(() => database.Jobs.Query().Where(Query.GTE(nameof(JobRecord.DueKey), string.Empty)).OrderBy(nameof(JobRecord.DueKey))
            .Limit(1).ToEnumerable().FirstOrDefault()?.NextAttemptAt);

    /// <summary>Whether any job (of <paramref name="sites"/>, when given) is queued or leased.</summary>
    public bool HasPending(IReadOnlyCollection<string>? sites = null) => database.Read(() => sites switch
    {
        null => database.Jobs.Exists(j => j.State == JobStates.Queued) || database.Jobs.Exists(j => j.State == JobStates.Leased),
        { Count: <= 64 } => sites.Any(site => database.Jobs.Exists(j => j.Site == site && (j.State == JobStates.Queued || j.State == JobStates.Leased))),
        _ => database.Jobs.Find(j => j.State == JobStates.Leased).Any(j => sites.Contains(j.Site)) ||
             database.Jobs.Find(j => j.State == JobStates.Queued).Any(j => sites.Contains(j.Site)),
    });
}
