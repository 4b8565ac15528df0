using Harvester.Archive;
using Harvester.Core.Crawling;

namespace Harvester.Crawl;

/// <summary>What the archive said about one sampled site's home page, asked exactly as the crawl would ask.</summary>
/// <param name="Site">The domain.</param>
/// <param name="CdxRequests">CDX requests the sample spent on it (the crawl spends the same on its home page).</param>
/// <param name="HalfYears">Half-years in the range.</param>
/// <param name="Covered">Half-years with a home-page capture (status 200, revisit, or a redirect).</param>
/// <param name="HomeFetches">Snapshot requests for the home pages: one per distinct chosen capture, two for a redirect.</param>
public sealed record SiteSample(string Site, int CdxRequests, int HalfYears, int Covered, int HomeFetches);

/// <summary>A crawl's cost, low and high, from a sample; <see cref="Assumptions"/> says what is assumed beyond the sample.</summary>
public sealed record CrawlEstimate(
    int Sites, int HalfYearsPerSite, IReadOnlyList<SiteSample> Sample,
    double CdxLow, double CdxHigh, double SnapshotsLow, double SnapshotsHigh,
    double CdxPerMinute, double SnapshotsPerSecond)
{
    /// <summary>Days on one address: each endpoint is paced on its own, so the slower of the two sets the time.</summary>
    public (double Low, double High, string BoundBy) DaysOnOneAddress()
    {
        double cdxPerDay = CdxPerMinute * 60 * 24, snapshotsPerDay = SnapshotsPerSecond * 86_400;
        double low = Math.Max(CdxLow / cdxPerDay, SnapshotsLow / snapshotsPerDay);
        double high = Math.Max(CdxHigh / cdxPerDay, SnapshotsHigh / snapshotsPerDay);
        return (low, high, CdxHigh / cdxPerDay >= SnapshotsHigh / snapshotsPerDay ? "CDX" : "snapshots");
    }

    public static readonly IReadOnlyList<string> Assumptions =
    [
        "the sample stands for the list: each figure is the sample's mean a site times the number of sites",
        "a policy link is found in every covered half-year, and a site keeps one policy URL (a moved policy costs 1-2 more CDX requests)",
        "policy captures cost 1 CDX request a site (low) or 2, when some half-years need its redirect captures too (high)",
        "the policy is fetched once a site (low: its digest never changes) up to once per covered half-year (high: it changes every time)",
        "the configured rates, paced 3 % under; retries after faults come on top (the heartbeat shows their share)",
    ];
}

/// <summary>
/// Estimates what a crawl of many sites will cost before it starts (<c>harvester plan</c>): asks the archive for a
/// sample of the sites' home-page captures, exactly as the crawl would (the same one-a-day CDX queries), works out the
/// home pages the crawl would fetch from them, and scales up. Only CDX requests are spent; no snapshot is fetched.
/// </summary>
public sealed class CrawlEstimator(IWebArchive archive, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Sites spread evenly over <paramref name="sites"/>, at most <paramref name="size"/> of them.</summary>
    public static IReadOnlyList<string> SampleOf(IReadOnlyList<string> sites, int size)
    {
        if (sites.Count <= size) return sites;
        return Enumerable.Range(0, size).Select(i => sites[(int)((long)i * sites.Count / size)]).ToList();
    }

    /// <summary>Asks the archive for one site's home-page captures as the crawl would.</summary>
    /// <exception cref="ArchiveException">The archive failed.</exception>
    public async Task<SiteSample> SampleAsync(string site, int fromYear, int toYear, CancellationToken cancellationToken)
    {
        var homeUrl = UrlKey.AsUrl(site);
        var halfYears = HalfYear.Between(fromYear, toYear, _time.GetUtcNow().UtcDateTime).ToList();
        var counting = new CountingArchive(archive);
        var success = await ListAsync(counting, SiteCrawler.CaptureLookup(homeUrl, fromYear, toYear, redirects: false), cancellationToken).ConfigureAwait(false);
        var chosen = halfYears.Select(h => CaptureChoice.ForInterval(success, h)).ToList();
        if (chosen.Any(c => c is null))
        {
            // As the crawl: redirect captures only for a site with half-years that have no status-200 capture.
            var redirects = await ListAsync(counting, SiteCrawler.CaptureLookup(homeUrl, fromYear, toYear, redirects: true), cancellationToken).ConfigureAwait(false);
            chosen = halfYears.Select((h, i) => chosen[i] ?? CaptureChoice.ForInterval(redirects, h)).ToList();
        }
        var found = chosen.OfType<CaptureCandidate>().ToList();
        int fetches = found.Where(c => c.Status is not (301 or 302)).Select(c => c.Digest).Distinct(StringComparer.Ordinal).Count()
                      + 2 * found.Count(c => c.Status is 301 or 302);
        return new SiteSample(site, CdxRequests(counting), halfYears.Count, found.Count, fetches);
    }

    /// <summary>
    /// CDX requests spent: one per query, since a listing of one capture a day asks for a limit that covers the whole
    /// range in one page (CrawlPlanTests compares this with the fake server's own count).
    /// </summary>
    private static int CdxRequests(CountingArchive counting) => counting.Calls;

    private static async Task<List<CaptureCandidate>> ListAsync(CountingArchive archive, CaptureQuery query, CancellationToken ct)
    {
        var list = new List<CaptureCandidate>();
        await foreach (var c in archive.ListCapturesAsync(query, ct).ConfigureAwait(false)) list.Add(new CaptureCandidate(c.Timestamp, c.OriginalUrl, c.StatusCode, c.Digest));
        return list;
    }

    /// <summary>Scales the sample up to <paramref name="siteCount"/> sites.</summary>
    public static CrawlEstimate Estimate(IReadOnlyList<SiteSample> sample, int siteCount, double cdxPerMinute, double snapshotsPerSecond)
    {
        if (sample.Count == 0) throw new ArgumentException("no site was sampled", nameof(sample));
        double n = sample.Count;
        double homeCdx = sample.Sum(s => s.CdxRequests) / n;
        double withCaptures = sample.Count(s => s.Covered > 0) / n;
        double homeFetches = sample.Sum(s => s.HomeFetches) / n;
        double covered = sample.Sum(s => s.Covered) / n;
        double cdxLow = homeCdx + withCaptures * 1, cdxHigh = homeCdx + withCaptures * 2;
        double snapshotsLow = homeFetches + withCaptures, snapshotsHigh = homeFetches + covered;
        const double paced = 1 + Archive.Wayback.WaybackConstants.PacingMargin;
        return new CrawlEstimate(siteCount, sample[0].HalfYears, sample,
            cdxLow * siteCount, cdxHigh * siteCount, snapshotsLow * siteCount, Math.Max(snapshotsLow, snapshotsHigh) * siteCount,
            cdxPerMinute / paced, snapshotsPerSecond / paced);
    }
}
