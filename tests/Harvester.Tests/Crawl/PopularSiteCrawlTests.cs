using System.Text.RegularExpressions;
using Harvester.Core.Crawling;
using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// A site captured every hour for 25 years, through a fake Wayback Machine with the CDX server's semantics: the crawl's
/// CDX cost must not grow with the capture count, and what it reports must equal what the server saw.
/// </summary>
public sealed partial class PopularSiteCrawlTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Crawl_SiteWithAQuarterMillionCaptures_CostsAFewCdxRequestsAndFindsEveryVersion()
    {
        using var wayback = new CdxFakeServer(PopularSite.Captures());
        Assert.True(wayback.CaptureCount(PopularSite.Domain) > 219_000);
        var settings = _dir.Combine("fast.json");
        File.WriteAllText(settings, """{ "Wayback": { "CdxRequestsPerMinute": 6000, "SnapshotRequestsPerSecond": 200, "Contact": "tests@harvester.example" } }""");
        var db = _dir.Combine("h.db");

        var crawl = await CliRun.RunAsync("--db", db, "--archive", wayback.Url, "--config", settings, "crawl", PopularSite.Domain, "--from", "2000", "--to", "2024");

        Assert.True(crawl.ExitCode == 0, crawl.Error);
        TestContext.Current.TestOutputHelper?.WriteLine($"{crawl.Output}server: {wayback.CdxRequests} CDX, {wayback.SnapshotRequests} snapshot requests");
        Assert.InRange(wayback.CdxRequests, 1, 4);
        Assert.InRange(wayback.SnapshotRequests, 1, 60);
        // What the crawl reports on the wire is what the server logged.
        var wire = OnTheWire().Match(crawl.Output);
        Assert.True(wire.Success, crawl.Output);
        Assert.Equal(wayback.CdxRequests, int.Parse(wire.Groups[1].Value));
        Assert.Equal(wayback.SnapshotRequests, int.Parse(wire.Groups[2].Value));

        using var database = LiteDbFile.Open(db);
        var versions = new LiteDbVersionStore(database, TimeProvider.System).ForSite(PopularSite.Domain);
        Assert.Equal(PopularSite.FirstHalfYears, versions.Select(v => v.FirstInterval));
        Assert.Equal(50, new LiteDbVersionStore(database, TimeProvider.System).Intervals(PopularSite.Domain).Count(i => i.Outcome == IntervalOutcomes.Found));
    }

    /// <summary>
    /// The claim of README's "CDX cost" section: listing one capture a day (each day's first) can choose a home-page
    /// capture at most a day farther from the target than the exact one, and cannot change which policy text a
    /// half-year gets unless the policy changed within those days. The
    /// randomly timed site is crawled as the crawl asks (one capture a day); the oracle applies the original rules to
    /// every capture (the home capture nearest the target, the policy capture nearest that). Same texts, same
    /// half-years, captures that close.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Crawl_OneCaptureADay_ChoosesTheTextsThatEveryCaptureGives(int seed)
    {
        var captures = PopularSite.RandomlyTimedCaptures(seed).ToList();
        using var wayback = new CdxFakeServer(captures);
        var settings = _dir.Combine("fast.json");
        File.WriteAllText(settings, """{ "Wayback": { "CdxRequestsPerMinute": 6000, "SnapshotRequestsPerSecond": 200, "Contact": "tests@harvester.example" } }""");
        var db = _dir.Combine("h.db");
        var crawl = await CliRun.RunAsync("--db", db, "--archive", wayback.Url, "--config", settings, "crawl", PopularSite.Domain, "--from", "2000", "--to", "2009");
        Assert.True(crawl.ExitCode == 0, crawl.Error);

        using var database = LiteDbFile.Open(db);
        var store = new LiteDbVersionStore(database, TimeProvider.System);
        var versions = store.ForSite(PopularSite.Domain).ToDictionary(v => v.Number);
        var found = store.Intervals(PopularSite.Domain).Where(i => i.Outcome == IntervalOutcomes.Found).ToList();
        Assert.Equal(20, found.Count);
        int moved = 0;
        foreach (var interval in found)
        {
            var (homeTimestamp, policyTimestamp, policyVersion) = Exact(captures, HalfYear.Parse(interval.Interval));
            Assert.Contains($"of version {policyVersion}.", versions[interval.Version!.Value].Markdown);
            // The day's first capture stands for the day: the choice is at most a day farther from the target than the exact one.
            var target = HalfYear.Parse(interval.Interval).TargetTimestamp;
            Assert.True(Hours(interval.HomeTimestamp!, target) < Hours(homeTimestamp, target) + 24, $"{interval.Interval}: {homeTimestamp} vs {interval.HomeTimestamp}");
            Assert.True(Hours(interval.PolicyTimestamp!, interval.HomeTimestamp!) < Hours(policyTimestamp, homeTimestamp) + 48,
                $"{interval.Interval}: policy {policyTimestamp} vs {interval.PolicyTimestamp}");
            if (homeTimestamp != interval.HomeTimestamp) moved++;
        }
        Assert.True(moved > 0, "no half-year exercised the approximation");
    }

    /// <summary>The original crawl's choice over every capture.</summary>
    private static (string Home, string Policy, int PolicyVersion) Exact(IReadOnlyList<FakeCapture> captures, HalfYear interval)
    {
        CaptureCandidate Candidate(FakeCapture c) => new(c.Timestamp, c.Original, c.Status, c.Digest);
        var home = CaptureChoice.ForInterval(captures.Where(c => c.Digest.StartsWith("HOME", StringComparison.Ordinal)).Select(Candidate), interval)!;
        var policy = CaptureChoice.Nearest(captures.Where(c => c.Digest.StartsWith("POLICY", StringComparison.Ordinal)).Select(Candidate), home.Timestamp)!;
        return (home.Timestamp, policy.Timestamp, int.Parse(policy.Digest["POLICY".Length..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static double Hours(string a, string b) => Math.Abs((Parse(a) - Parse(b)).TotalHours);

    private static DateTime Parse(string timestamp) =>
        DateTime.ParseExact(timestamp, "yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"on the wire: cdx (\d+) requests?, snapshots (\d+) requests?")]
    private static partial Regex OnTheWire();
}
