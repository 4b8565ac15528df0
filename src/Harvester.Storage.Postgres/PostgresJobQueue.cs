using Npgsql;
using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

/// <summary>
/// The queue many workers share: a lease is taken with <c>FOR UPDATE SKIP LOCKED</c> along the due-time index, so
/// workers never wait on each other or take the same job; every change of a leased job checks its owner in the same
/// statement.
/// </summary>
public sealed class PostgresJobQueue(PostgresDatabase database, TimeProvider time) : IJobQueue
{
    private DateTime Now => Utc(time.GetUtcNow().UtcDateTime);

    public JobRecord Enqueue(string site) => database.InTransaction((c, t) =>
    {
        var active = Query(c, t, $"SELECT {JobColumns} FROM jobs WHERE site = $1 AND state IN ('queued', 'leased')", Job, site).FirstOrDefault();
        if (active is not null) return active;
        var now = Now;
        // The unique index on active jobs per site settles two enqueuers racing: the loser's insert does nothing.
        var inserted = Query(c, t, $"""
            INSERT INTO jobs (site, state, attempts, next_attempt_at, created_at, updated_at) VALUES ($1, 'queued', 0, $2, $2, $2)
            ON CONFLICT (site) WHERE state IN ('queued', 'leased') DO NOTHING RETURNING {JobColumns}
            """, Job, site, now).FirstOrDefault();
        return inserted ?? Query(c, t, $"SELECT {JobColumns} FROM jobs WHERE site = $1 AND state IN ('queued', 'leased')", Job, site).First();
    });

    public void EnqueueMany(IReadOnlyCollection<string> sites)
    {
        var distinct = sites.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length == 0) return;
        // The unique index on active jobs per site skips a site already queued or running, as Enqueue does; ids follow
        // the list's order, so equal due times lease in it.
        database.Run(c => Execute(c, null, """
            INSERT INTO jobs (site, state, attempts, next_attempt_at, created_at, updated_at)
            SELECT s, 'queued', 0, $2, $2, $2 FROM unnest($1::text[]) WITH ORDINALITY AS u(s, n) ORDER BY n
            ON CONFLICT (site) WHERE state IN ('queued', 'leased') DO NOTHING
            """, distinct, Now));
    }

    /// <summary>
    /// How often a queue looks for leases held by a process of this machine that is gone: each look reads every leased
    /// job, so it is not made on every lease (a restarted worker makes it on its first).
    /// </summary>
    public static readonly TimeSpan GoneOwnerCheckInterval = TimeSpan.FromSeconds(2);

    private long? _goneCheckedAt;

    /// <remarks>
    /// One statement, one round trip, as a rule: a lease that ran out, else the next queued job, locked and leased.
    /// Every <see cref="GoneOwnerCheckInterval"/> a transaction first looks for a lease whose owner is gone.
    /// </remarks>
    public JobRecord? TryLease(string owner, TimeSpan leaseDuration, IReadOnlyCollection<string>? onlySites = null, Func<string, bool>? ownerIsGone = null)
    {
        var sites = onlySites?.ToArray();
        if (ownerIsGone is not null && (_goneCheckedAt is not { } at || time.GetElapsedTime(at) >= GoneOwnerCheckInterval))
        {
            _goneCheckedAt = time.GetTimestamp();
            if (TryLeaseGone(owner, leaseDuration, sites, ownerIsGone) is { } orphan) return orphan;
        }
        var now = Now;
        var filter = sites is null ? string.Empty : " AND site = ANY($4)";
        object?[] args = sites is null ? [now, owner, Utc(now + leaseDuration)] : [now, owner, Utc(now + leaseDuration), sites];
        // The queued job is looked for only when no lease ran out (a one-time filter), so it is not locked for nothing.
        return database.Run(c => Query(c, null, $"""
            WITH expired AS (
                SELECT id FROM jobs WHERE state = 'leased' AND lease_expires_at < $1{filter} ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED),
            queued AS (
                SELECT id FROM jobs WHERE state = 'queued' AND next_attempt_at <= $1{filter} AND NOT EXISTS (SELECT 1 FROM expired)
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE jobs SET state = 'leased', lease_owner = $2, lease_expires_at = $3, attempts = attempts + 1, updated_at = $1
            WHERE id = (SELECT id FROM expired UNION ALL SELECT id FROM queued LIMIT 1)
            RETURNING {JobColumns}
            """, Job, args).FirstOrDefault());
    }

    /// <summary>Leases the first leased job whose owner is gone (read without locks, then locked), if any.</summary>
    private JobRecord? TryLeaseGone(string owner, TimeSpan leaseDuration, string[]? sites, Func<string, bool> ownerIsGone) =>
        database.InTransaction((c, t) =>
        {
            var now = Now;
            var filter = sites is null ? string.Empty : " AND site = ANY($2)";
            object?[] args = sites is null ? [now] : [now, sites];
            var gone = Query(c, t, $"SELECT id, lease_owner FROM jobs WHERE state = 'leased' AND lease_owner IS NOT NULL AND $1 = $1{filter} ORDER BY next_attempt_at, id",
                r => (Id: r.GetInt32(0), Owner: r.GetString(1)), args).Where(j => ownerIsGone(j.Owner));
            foreach (var (id, leaseOwner) in gone)
            {
                var job = Query(c, t, $"""
                    UPDATE jobs SET state = 'leased', lease_owner = $3, lease_expires_at = $4, attempts = attempts + 1, updated_at = $5
                    WHERE id = (SELECT id FROM jobs WHERE id = $1 AND state = 'leased' AND lease_owner = $2 FOR UPDATE SKIP LOCKED)
                    RETURNING {JobColumns}
                    """, Job, id, leaseOwner, owner, Utc(now + leaseDuration), now).FirstOrDefault();
                if (job is not null) return job;
            }
            return null;
        });

    public bool Renew(int jobId, string owner, TimeSpan leaseDuration) => database.Run(c =>
        Execute(c, null, "UPDATE jobs SET lease_expires_at = $3 WHERE id = $1 AND state = 'leased' AND lease_owner = $2",
            jobId, owner, Now + leaseDuration) == 1);

    public void Release(int jobId, string owner) => database.Run(c => Execute(c, null, """
        UPDATE jobs SET state = 'queued', attempts = greatest(0, attempts - 1), lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = $3, updated_at = $3
        WHERE id = $1 AND state = 'leased' AND lease_owner = $2
        """, jobId, owner, Now));

    public bool Complete(int jobId, string owner) => database.Run(c => Execute(c, null, CompleteOwned, jobId, owner, Now) == 1);

    /// <summary>A job leased to an owner, done: $1 the job, $2 the owner, $3 the time.</summary>
    private const string CompleteOwned = """
        UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, last_error = NULL, last_error_kind = NULL, updated_at = $3
        WHERE id = $1 AND state = 'leased' AND lease_owner = $2
        """;

    /// <summary>One statement: the job's UPDATE, and the site's only when the job's took effect.</summary>
    public bool CompleteCrawl(int jobId, string owner, long requests) => database.InTransaction((c, t) =>
    {
        var (done, site, finished) = Query(c, t, $"""
            WITH done AS ({CompleteOwned} RETURNING site),
            finished AS (
                UPDATE sites SET state = $5, requests = requests + $4, updated_at = $3 WHERE domain IN (SELECT site FROM done)
                RETURNING 1)
            SELECT (SELECT count(*) FROM done)::int, (SELECT min(site) FROM done), (SELECT count(*) FROM finished)::int
            """, r => (r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt32(2)), jobId, owner, Now, requests, SiteStates.Done).Single();
        // Thrown inside the transaction, so the job stays leased.
        if (done == 1 && finished == 0) throw new StorageException($"unknown site {site}");
        return done == 1;
    });

    public bool Fail(int jobId, string owner, string error, int maxAttempts = IJobQueue.DefaultMaxAttempts, string? kind = null) =>
        database.InTransaction((c, t) =>
        {
            var job = Query(c, t, $"SELECT {JobColumns} FROM jobs WHERE id = $1 AND state = 'leased' AND lease_owner = $2 FOR UPDATE", Job, jobId, owner).FirstOrDefault();
            if (job is null) return false;
            var now = Now;
            bool failed = job.Attempts >= maxAttempts;
            Execute(c, t, """
                UPDATE jobs SET state = $2, last_error = $3, last_error_kind = $4, lease_owner = NULL, lease_expires_at = NULL, updated_at = $5,
                    next_attempt_at = $6 WHERE id = $1
                """, jobId, failed ? JobStates.Failed : JobStates.Queued, error, kind ?? IJobQueue.OtherFailure, now,
                failed ? Utc(job.NextAttemptAt) : now + JobBackoff.After(job.Attempts));
            return true;
        });

    public int RetryFailed(string? site = null) => database.Run(c =>
    {
        var now = Now;
        // A site with an active job keeps it; its failed ones stay as they are (at most one active job per site).
        return Execute(c, null, $"""
            UPDATE jobs f SET state = 'queued', attempts = 0, next_attempt_at = $1, updated_at = $1
            WHERE f.state = 'failed'{(site is null ? string.Empty : " AND f.site = $2")}
              AND f.id = (SELECT max(id) FROM jobs l WHERE l.site = f.site AND l.state = 'failed')
              AND NOT EXISTS (SELECT 1 FROM jobs a WHERE a.site = f.site AND a.state IN ('queued', 'leased'))
            """, site is null ? [now] : [now, site]);
    });

    public string? LastError(string site) => database.Run(c =>
        Query(c, null, "SELECT last_error FROM jobs WHERE site = $1 ORDER BY id DESC LIMIT 1", r => r.NullableString(0), site).FirstOrDefault());

    public IReadOnlyDictionary<string, int> CountByState() => database.Run(c =>
        Query(c, null, "SELECT state, count(*)::int FROM jobs GROUP BY state", r => (r.GetString(0), r.GetInt32(1))))
        .ToDictionary(p => p.Item1, p => p.Item2);

    public IReadOnlyDictionary<string, int> FailuresByKind() => database.Run(c =>
        Query(c, null, "SELECT last_error_kind, count(*)::int FROM jobs WHERE last_error_kind IS NOT NULL AND state IN ('failed', 'queued') GROUP BY last_error_kind",
            r => (r.GetString(0), r.GetInt32(1))))
        .ToDictionary(p => p.Item1, p => p.Item2);

    public IReadOnlyList<JobRecord> Failed() => database.Run(c =>
        Query(c, null, $"SELECT {JobColumns} FROM jobs WHERE state = 'failed' ORDER BY site COLLATE \"C\", id", Job));

    public (int Count, DateTime? First) DoneSince(DateTime since) => database.Run(c =>
        Query(c, null, "SELECT count(DISTINCT site)::int, min(updated_at) FROM jobs WHERE state = 'done' AND updated_at >= $1",
            r => (r.GetInt32(0), r.NullableTime(1)), Utc(since)).First());

    public DateTime? NextDue() => database.Run(c =>
        Scalar(c, null, "SELECT next_attempt_at FROM jobs WHERE state = 'queued' ORDER BY next_attempt_at, id LIMIT 1") as DateTime?);

    public bool HasPending(IReadOnlyCollection<string>? sites = null) => database.Run(c => sites is null
        ? Scalar(c, null, "SELECT 1 FROM jobs WHERE state IN ('queued', 'leased') LIMIT 1") is not null
        : Scalar(c, null, "SELECT 1 FROM jobs WHERE state IN ('queued', 'leased') AND site = ANY($1) LIMIT 1", (object)sites.ToArray()) is not null);
}
