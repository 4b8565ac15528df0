namespace Harvester.Worker;

/// <summary>The worker's own counts: sites in flight, finished, failed, released; finishing times for throughput.</summary>
public sealed class WorkerProgress(TimeProvider time)
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(15);
    private readonly Lock _lock = new();
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _finishedAt = new();

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();
    public int Done { get; private set; }
    public int Failed { get; private set; }
    public int Released { get; private set; }

    public void Started(string site)
    {
        lock (_lock) _inFlight.Add(site);
    }

    public void Finished(string site, Harvester.Crawl.JobOutcomeKind kind)
    {
        lock (_lock)
        {
            _inFlight.Remove(site);
            switch (kind)
            {
                case Harvester.Crawl.JobOutcomeKind.Done:
                    Done++;
                    _finishedAt.Enqueue(time.GetUtcNow());
                    break;
                case Harvester.Crawl.JobOutcomeKind.Failed:
                    Failed++;
                    break;
                default:
                    Released++;
                    break;
            }
        }
    }

    public IReadOnlyList<string> InFlight
    {
        get
        {
            lock (_lock) return _inFlight.Order(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Sites done per hour over the last 15 minutes (or since start, when that is shorter).</summary>
    public double SitesPerHour
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                while (_finishedAt.Count > 0 && now - _finishedAt.Peek() > RateWindow) _finishedAt.Dequeue();
                var window = Math.Max((now - StartedAt < RateWindow ? now - StartedAt : RateWindow).TotalHours, 1.0 / 3600);
                return _finishedAt.Count / window;
            }
        }
    }
}
