using System.CommandLine;
using System.Globalization;
using Harvester.Archive.Wayback;
using Harvester.Crawl;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester plan DOMAIN... | --file LIST [--from Y] [--to Y] [--sample N] [--workers N]</c>: what a crawl of the
/// list will cost, by endpoint and in days, from the archive's own answers for a sample of the sites.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sites = new SiteArguments();
        var years = new YearRange();
        var sample = new Option<int>("--sample")
        {
            Description = "Sites to ask the archive about (one or two CDX requests each), spread over the list.",
            DefaultValueFactory = _ => 10,
        };
        var workers = new Option<int>("--workers")
        {
            Description = "Also estimate for this many workers, each leaving through its own address (its own rate group).",
            DefaultValueFactory = _ => 10,
        };
        var command = new Command("plan", "Estimate a crawl's archive requests and days before starting it, from a sample of the sites.");
        sites.AddTo(command);
        years.AddTo(command);
        command.Options.Add(sample);
        command.Options.Add(workers);
        command.Validators.Add(result =>
        {
            try
            {
                if (result.GetResult(sample) is { Implicit: false } && result.GetValue(sample) is < 1 or > 1000) result.AddError("--sample must be between 1 and 1000.");
                if (result.GetResult(workers) is { Implicit: false } && result.GetValue(workers) is < 1 or > 10_000) result.AddError("--workers must be between 1 and 10000.");
            }
            catch (InvalidOperationException)
            {
                // not a number: already a parse error of its own
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (await sites.ReadAsync(parseResult, error) is not { } domains) return ExitCodes.Usage;
            var configuration = HarvesterSettings.Configuration(parseResult);
            var limits = HarvesterSettings.Bind<WaybackOptions>(configuration, WaybackOptions.Section);
            int from = years.FromGiven(parseResult) ?? YearRange.FirstArchiveYear, to = years.ToGiven(parseResult) ?? DateTime.UtcNow.Year;
            var archive = HarvesterSettings.OpenArchive(parseResult, configuration);
            try
            {
                await GlobalOptions.EnsureArchiveReachableAsync(parseResult, cancellationToken);
                var estimator = new CrawlEstimator(archive);
                var chosen = CrawlEstimator.SampleOf(domains, parseResult.GetValue(sample));
                var samples = new List<SiteSample>();
                foreach (var site in chosen)
                {
                    var s = await estimator.SampleAsync(site, from, to, cancellationToken);
                    samples.Add(s);
                    await output.WriteLineAsync($"  {site}: {Counted.Of(s.CdxRequests, "CDX request")}; home page captured in {s.Covered} of {Counted.Of(s.HalfYears, "half-year")}; {Counted.Of(s.HomeFetches, "home-page fetch", "home-page fetches")}");
                }
                bool isWayback = archive is WaybackArchive;
                var estimate = CrawlEstimator.Estimate(samples, domains.Count, limits.CdxRequestsPerMinute, limits.SnapshotRequestsPerSecond);
                var (low, high, bound) = estimate.DaysOnOneAddress();
                int n = parseResult.GetValue(workers);
                await output.WriteLineAsync($"plan: {Counted.Of(domains.Count, "site")} x {from}-{to} ({Counted.Of(estimate.HalfYearsPerSite, "half-year")} each), from a sample of {samples.Count} ({Counted.Of(samples.Sum(s => s.CdxRequests), "CDX request")} just now)");
                await output.WriteLineAsync($"  CDX requests:      {Range(estimate.CdxLow, estimate.CdxHigh)} ({Range(estimate.CdxLow / domains.Count, estimate.CdxHigh / domains.Count, "0.0")} a site)");
                await output.WriteLineAsync($"  snapshot requests: {Range(estimate.SnapshotsLow, estimate.SnapshotsHigh)} ({Range(estimate.SnapshotsLow / domains.Count / estimate.HalfYearsPerSite, estimate.SnapshotsHigh / domains.Count / estimate.HalfYearsPerSite, "0.00")} a half-year)");
                if (isWayback)
                {
                    await output.WriteLineAsync($"  on one address, at {limits.CdxRequestsPerMinute.ToString("0.#", CultureInfo.InvariantCulture)} CDX requests a minute and {limits.SnapshotRequestsPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} snapshots a second: {Days(low, high)} (bound by {bound})");
                    await output.WriteLineAsync($"  on {Counted.Of(n, "worker")}, each its own address and rate group: {Days(low / n, high / n)}");
                }
                else
                {
                    await output.WriteLineAsync("  a local archive has no rate limits: the time is the extraction's and the disk's, not the archive's");
                }
                await output.WriteLineAsync("assumptions:");
                foreach (var assumption in CrawlEstimate.Assumptions) await output.WriteLineAsync($"  - {assumption}");
                return ExitCodes.Success;
            }
            finally
            {
                (archive as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    private static string Range(double low, double high, string format = "N0")
    {
        string l = low.ToString(format, CultureInfo.InvariantCulture), h = high.ToString(format, CultureInfo.InvariantCulture);
        return l == h ? l : $"{l}-{h}";
    }

    private static string Days(double low, double high)
    {
        static string One(double days) => (days * 24) switch
        {
            < 1 / 60.0 => "under a minute",
            < 1 => $"{Math.Round(days * 24 * 60):0} minute{(Math.Round(days * 24 * 60) == 1 ? "" : "s")}",
            < 24 => $"{days * 24:0.#} hours",
            _ => $"{days:0.#} days",
        };
        return One(low) == One(high) ? One(low) : $"{One(low)} to {One(high)}";
    }
}
