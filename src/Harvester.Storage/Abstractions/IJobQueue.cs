namespace Harvester.Storage;

/// <summary>
/// The durable job queue: one job per site to crawl. A worker leases a job for a while; a job whose lease expired
/// (its worker died) comes back. Failures retry with exponential backoff up to a limit, then stay visible as failed
/// with their reason until retried by command. Every change of a leased job checks, in the same transaction, that
/// the caller still owns the lease.
/// </summary>
public interface IJobQueue
{
    const int DefaultMaxAttempts = 5;

    /// <summary>The kind recorded for a failure nobody named.</summary>
    const string OtherFailure = "other";

    /// <summary>Queues a crawl of <paramref name="site"/> unless one is already queued or running.</summary>
    JobRecord Enqueue(string site);

    /// <summary><see cref="Enqueue"/> for many sites at once, in their order (a site listed twice counts once).</summary>
    void EnqueueMany(IReadOnlyCollection<string> sites)
    {
        foreach (var site in sites.Distinct(StringComparer.Ordinal)) Enqueue(site);
    }

    /// <summary>Leases the next job that is due (or whose lease expired, or whose owner is gone), or returns null.</summary>
    /// <param name="ownerIsGone">Tells whether a lease owner has certainly stopped (a crashed process), so its lease need not run out.</param>
    JobRecord? TryLease(string owner, TimeSpan leaseDuration, IReadOnlyCollection<string>? onlySites = null, Func<string, bool>? ownerIsGone = null);

    /// <summary>Extends a lease its owner still holds; false when the job is no longer this owner's.</summary>
    bool Renew(int jobId, string owner, TimeSpan leaseDuration);

    /// <summary>Gives a leased job back unfinished (a worker stopping): queued again at once, the attempt not counted.</summary>
    void Release(int jobId, string owner);

    /// <summary>Marks a leased job done; false (and nothing changed) when <paramref name="owner"/> no longer holds its lease.</summary>
    bool Complete(int jobId, string owner);

    /// <summary>
    /// Marks a leased job done and its site crawled, adding the archive requests the crawl spent to the site's, in one
    /// transaction: a worker killed at any instant leaves both or neither. False (and nothing changed) when
    /// <paramref name="owner"/> no longer holds the lease.
    /// </summary>
    /// <exception cref="StorageException">The job's site is not in the store; nothing changed.</exception>
    bool CompleteCrawl(int jobId, string owner, long requests);

    /// <summary>
    /// Records a failed attempt of a job <paramref name="owner"/> holds: back to the queue after a backoff, or failed for
    /// good after <paramref name="maxAttempts"/>. False (and nothing changed) when the lease is no longer its.
    /// </summary>
    bool Fail(int jobId, string owner, string error, int maxAttempts = DefaultMaxAttempts, string? kind = null);

    /// <summary>Puts failed jobs back in the queue; returns how many.</summary>
    int RetryFailed(string? site = null);

    /// <summary>The last error of the site's most recent job, if it failed.</summary>
    string? LastError(string site);

    /// <summary>Jobs per state (states with none left out).</summary>
    IReadOnlyDictionary<string, int> CountByState();

    /// <summary>Jobs that failed for good or are backing off after a failure, by the kind of their last failure.</summary>
    IReadOnlyDictionary<string, int> FailuresByKind();

    /// <summary>The failed jobs, by site.</summary>
    IReadOnlyList<JobRecord> Failed();

    /// <summary>How many distinct sites finished a job since <paramref name="since"/>, and when the first did.</summary>
    (int Count, DateTime? First) DoneSince(DateTime since);

    /// <summary>When the earliest queued job is due, if any.</summary>
    DateTime? NextDue();

    /// <summary>Whether any job (of <paramref name="sites"/>, when given) is queued or leased.</summary>
    bool HasPending(IReadOnlyCollection<string>? sites = null);
}
