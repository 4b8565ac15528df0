using System.Globalization;
using System.Text.RegularExpressions;
using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// <c>harvester plan</c> against fake Wayback Machines where the truth is known: what the crawl then sends on the wire
/// lies within the plan's estimate, by endpoint, and the plan spends only a few CDX requests.
/// </summary>
public sealed partial class CrawlPlanTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string FastSettings()
    {
        var settings = _dir.Combine("fast.json");
        File.WriteAllText(settings, """{ "Wayback": { "CdxRequestsPerMinute": 6000, "SnapshotRequestsPerSecond": 200, "Contact": "tests@harvester.example" } }""");
        return settings;
    }

    private static (double Low, double High) Range(string output, string label)
    {
        var match = Regex.Match(output, $@"{label}:\s+([\d,]+)(?:-([\d,]+))?");
        Assert.True(match.Success, output);
        double low = double.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        double high = match.Groups[2].Success ? double.Parse(match.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : low;
        return (low, high);
    }

    /// <summary>What the crawl sent on the wire, by endpoint, lies within the plan's ranges.</summary>
    private static void AssertTheCrawlIsWithinThePlan(CliRun plan, CliRun crawl)
    {
        var wire = OnTheWire().Match(crawl.Output);
        Assert.True(wire.Success, crawl.Output);
        var (cdxLow, cdxHigh) = Range(plan.Output, "CDX requests");
        var (snapshotsLow, snapshotsHigh) = Range(plan.Output, "snapshot requests");
        Assert.InRange(int.Parse(wire.Groups[1].Value, CultureInfo.InvariantCulture), cdxLow, cdxHigh);
        Assert.InRange(int.Parse(wire.Groups[2].Value, CultureInfo.InvariantCulture), snapshotsLow, snapshotsHigh);
    }

    [Fact]
    public async Task Plan_PopularSite_EstimateHoldsWhatTheCrawlSends_ForTwoCdxRequests()
    {
        using var wayback = new CdxFakeServer(PopularSite.Captures());
        var settings = FastSettings();

        var plan = await CliRun.RunAsync("--archive", wayback.Url, "--config", settings, "plan", PopularSite.Domain, "--from", "2000", "--to", "2024");
        int planCdx = wayback.CdxRequests, planSnapshots = wayback.SnapshotRequests;
        var crawl = await CliRun.RunAsync("--db", _dir.Combine("h.db"), "--archive", wayback.Url, "--config", settings, "crawl", PopularSite.Domain, "--from", "2000", "--to", "2024");

        Assert.True(plan.ExitCode == 0, plan.Error);
        TestContext.Current.TestOutputHelper?.WriteLine(plan.Output + crawl.Output);
        Assert.Equal(1, planCdx); // the home page's captures, one a day, in one request
        Assert.Equal(0, planSnapshots);
        Assert.Contains("plan: 1 site x 2000-2024 (50 half-years each), from a sample of 1 (1 CDX request just now)", plan.Output);
        AssertTheCrawlIsWithinThePlan(plan, crawl);
    }

    [Fact]
    public async Task Plan_FixtureSites_EstimateHoldsWhatTheCrawlSends_AndSaysItsAssumptions()
    {
        var sites = Path.Combine(RepositoryPaths.Fixtures, "sites.txt");
        var settings = FastSettings();
        using var wayback = new WaybackFromWarc(Path.Combine(RepositoryPaths.Fixtures, "archive"));

        var plan = await CliRun.RunAsync("--archive", wayback.Url, "--config", settings, "plan", "--file", sites, "--from", "2018", "--to", "2019", "--workers", "4");
        var crawl = await CliRun.RunAsync("--db", _dir.Combine("h.db"), "--archive", wayback.Url, "--config", settings, "crawl", "--file", sites, "--from", "2018", "--to", "2019");

        Assert.True(plan.ExitCode == 0, plan.Error);
        TestContext.Current.TestOutputHelper?.WriteLine(plan.Output + crawl.Output);
        Assert.Contains("plan: 6 sites x 2018-2019 (4 half-years each), from a sample of 6", plan.Output);
        Assert.Matches(@"on one address, at 6000 CDX requests a minute and 200 snapshots a second: .+ \(bound by (CDX|snapshots)\)", plan.Output);
        Assert.Contains("on 4 workers, each its own address and rate group: ", plan.Output);
        Assert.Contains("assumptions:\n  - the sample stands for the list", plan.Output.ReplaceLineEndings("\n"));
        AssertTheCrawlIsWithinThePlan(plan, crawl);
    }

    [Fact]
    public async Task Plan_LargeList_AsksOnlyTheSample()
    {
        using var wayback = new CdxFakeServer(PopularSite.Captures());
        var list = _dir.Combine("many.txt");
        File.WriteAllLines(list, Enumerable.Range(0, 500).Select(i => $"site{i:D3}.example"));

        var plan = await CliRun.RunAsync("--archive", wayback.Url, "--config", FastSettings(), "plan", "--file", list, "--sample", "5");

        Assert.True(plan.ExitCode == 0, plan.Error);
        Assert.Equal(10, wayback.CdxRequests); // 5 sites, none captured: each also asks for redirect captures, as the crawl would
        Assert.Contains("plan: 500 sites x 1996-", plan.Output);
    }

    [GeneratedRegex(@"on the wire: cdx (\d+) requests?, snapshots (\d+) requests?")]
    private static partial Regex OnTheWire();
}
