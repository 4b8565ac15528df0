using System.CommandLine;
using System.Diagnostics;
using Harvester.Archive;
using Harvester.Core.Extraction;
using Harvester.Crawl;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester crawl DOMAIN... [--from Y] [--to Y]</c>: schedule the sites and crawl them until they are done.</summary>
internal static class CrawlCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sites = new SiteArguments();
        var years = new YearRange();
        var command = new Command("crawl", "Schedule sites and crawl them now, printing a line per finished site.");
        sites.AddTo(command);
        years.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (await sites.ReadAsync(parseResult, error) is not { } domains) return ExitCodes.Usage;
            // Settings first: a bad one must fail before anything is written.
            var configuration = HarvesterSettings.Configuration(parseResult);
            long minimumFreeBytes = HarvesterSettings.Bind<StorageOptions>(configuration, StorageOptions.Section).MinimumFreeBytes;
            (HarvesterSettings.OpenArchive(parseResult, configuration) as IDisposable)?.Dispose(); // a bad setting fails before anything is written
            IWebArchive? archive = null;
            try
            {
                await GlobalOptions.EnsureArchiveReachableAsync(parseResult, cancellationToken);
                using var session = StoreSession.Open(parseResult);
                archive = HarvesterSettings.OpenArchive(parseResult, configuration, session.Store);
                Harvester.Crawl.SiteSchedule.Add(session.Store, domains, years.FromGiven(parseResult), years.ToGiven(parseResult));
                var crawler = new SiteCrawler(archive, session.Store, new PolicyExtractor());
                var runner = new CrawlRunner(new JobExecutor(crawler, session.Store), session.Store) { MinimumFreeBytes = minimumFreeBytes };
                var clock = Stopwatch.StartNew();
                var results = await CrawlProgress.RunAsync(runner, domains, output, cancellationToken);
                session.Store.Search.CatchUp(cancellationToken: cancellationToken);
                // Sites whose job failed (the archive client had already retried) wait in the queue for their backoff;
                // 'crawl' does not sit through it: it says which and why, and 'crawl' again or 'run' resumes them.
                var failed = domains.Where(d => session.Store.Sites.Find(d)?.State != SiteStates.Done).ToList();
                foreach (var site in failed)
                {
                    var reason = session.Store.Jobs.LastError(site) ?? "not finished";
                    await error.WriteLineAsync($"{site}: {reason}");
                }
                int intervals = results.Sum(r => r.Intervals), calls = results.Sum(r => r.ArchiveCalls);
                await output.WriteLineAsync(
                    $"crawled {results.Count} of {Counted.Of(domains.Count, "site")} in {clock.Elapsed.TotalSeconds:0.0} s: {Counted.Of(intervals, "half-year")}, " +
                    $"{results.Sum(r => r.Found).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} with a policy, {Counted.Of(calls, "archive call")} ({(intervals == 0 ? 0 : calls / (double)intervals):0.00} per half-year)" +
                    OnTheWire(archive!) +
                    (failed.Count > 0 ? $"; {failed.Count} failed" : string.Empty));
                return failed.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
            }
            finally
            {
                (archive as IDisposable)?.Dispose();
            }
        });
        return command;
    }

    /// <summary>
    /// What went out over HTTP, by endpoint: every attempt, retries, CDX pages and the archive's redirects included,
    /// so that the figure equals the archive's own log. Empty for a local archive.
    /// </summary>
    private static string OnTheWire(IWebArchive archive) =>
        archive is Harvester.Archive.Wayback.WaybackArchive wayback
            ? "; on the wire: " + string.Join(", ", wayback.Statistics.Select(s => $"{s.Endpoint} {Counted.Of(s.Requests, "request")}"))
            : string.Empty;
}
