namespace Harvester.Core.Crawling;

/// <summary>A capture as the crawl sees it: when, its status (null for a revisit), its payload digest.</summary>
public sealed record CaptureCandidate(string Timestamp, string Url, int? Status, string Digest);

/// <summary>The original crawl's choice of capture for an interval.</summary>
public static class CaptureChoice
{
    /// <summary>
    /// The capture inside <paramref name="interval"/> nearest its target: status 200 (or a revisit, which repeats
    /// a 200) first, a redirect (301/302) only when there is none. Null when the interval has no capture.
    /// </summary>
    public static CaptureCandidate? ForInterval(IEnumerable<CaptureCandidate> captures, HalfYear interval)
    {
        var inside = captures.Where(c => interval.Contains(c.Timestamp)).ToList();
        return Nearest(inside.Where(c => c.Status is null or 200), interval.TargetTimestamp)
               ?? Nearest(inside.Where(c => c.Status is 301 or 302), interval.TargetTimestamp);
    }

    /// <summary>The capture nearest <paramref name="timestamp"/> (the earlier on a tie), as the archive would serve it.</summary>
    public static CaptureCandidate? Nearest(IEnumerable<CaptureCandidate> captures, string timestamp)
    {
        CaptureCandidate? best = null;
        double bestDistance = double.MaxValue;
        foreach (var c in captures)
        {
            double d = Timestamps.SecondsBetween(c.Timestamp, timestamp);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }
}
