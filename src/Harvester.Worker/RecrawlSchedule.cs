using Cronos;
using Harvester.Crawl;
using Harvester.Storage;
using Microsoft.Extensions.Logging;

namespace Harvester.Worker;

/// <summary>
/// Runs the <see cref="RecrawlPlanner"/> on the configured cron schedule. When it last ran is kept in the database,
/// so a worker that was down when a run was due runs it at start, and a restart does not run it twice.
/// </summary>
public sealed class RecrawlSchedule(CronExpression? expression, IMarkerStore markers, RecrawlPlanner planner, TimeProvider time, ILogger<RecrawlSchedule> logger)
{
    public const string MarkerName = "recrawl";

    /// <summary>When the next re-crawl is due; null when re-crawls are off.</summary>
    public DateTimeOffset? NextAt()
    {
        if (expression is null) return null;
        var since = markers.Get(MarkerName);
        if (since is null)
        {
            // The first worker on this database: the schedule starts now.
            since = time.GetUtcNow().UtcDateTime;
            markers.Set(MarkerName, since.Value);
        }
        var next = expression.GetNextOccurrence(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc), TimeZoneInfo.Utc);
        return next is null ? null : new DateTimeOffset(next.Value);
    }

    /// <summary>Queues new half-years when a re-crawl is due; returns how many sites were queued.</summary>
    public int RunIfDue()
    {
        if (NextAt() is not { } due || due > time.GetUtcNow()) return 0;
        int queued = planner.QueueNewHalfYears();
        markers.Set(MarkerName, time.GetUtcNow().UtcDateTime);
        logger.LogInformation("scheduled re-crawl (due {Due:u}): {Queued} sites have new half-years and are queued", due, queued);
        return queued;
    }
}
