using System.CommandLine;
using System.Diagnostics;
using Harvester.Archive;
using Harvester.Core.Extraction;
using Harvester.Crawl;

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
            var (domains, problem) = sites.Read(parseResult);
            if (problem is not null)
            {
                await error.WriteLineAsync($"harvester: {problem}");
                return ExitCodes.Usage;
            }
            using var session = StoreSession.Open(parseResult);
            SiteScheduler.Schedule(session, domains, parseResult.GetValue(years.From), parseResult.GetValue(years.To));
            var archive = HarvesterSettings.OpenArchive(parseResult);
            try
            {
                var crawler = new SiteCrawler(archive, session.Stores, new PolicyExtractor());
                var runner = new CrawlRunner(crawler, session.Stores) { MinimumFreeBytes = HarvesterSettings.Storage(parseResult).MinimumFreeMegabytes * 1024 * 1024 };
                var clock = Stopwatch.StartNew();
                var results = await CrawlProgress.RunAsync(runner, domains, output, cancellationToken);
                var failed = session.Stores.Jobs.Failed().Where(j => domains.Contains(j.Site)).ToList();
                foreach (var job in failed) await error.WriteLineAsync($"{job.Site}: {job.LastError}");
                int intervals = results.Sum(r => r.Intervals), calls = results.Sum(r => r.ArchiveCalls);
                await output.WriteLineAsync(
                    $"crawled {results.Count} of {domains.Count} sites in {clock.Elapsed.TotalSeconds:0.0} s: {intervals} half-years, " +
                    $"{results.Sum(r => r.Found)} with a policy, {calls} archive calls ({(intervals == 0 ? 0 : calls / (double)intervals):0.00} per half-year)" +
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
}
