using Harvester.Crawl;
using Spectre.Console;

namespace Harvester.Cli.Commands;

/// <summary>
/// Shows a crawl's progress: a live Spectre.Console bar (sites done, time left) on an interactive terminal,
/// one plain line per finished site otherwise (pipes, logs, tests).
/// </summary>
internal static class CrawlProgress
{
    public static async Task<IReadOnlyList<SiteCrawlResult>> RunAsync(CrawlRunner runner, IReadOnlyList<string> domains, TextWriter output, CancellationToken cancellationToken)
    {
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            IReadOnlyList<SiteCrawlResult> results = [];
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"crawling {domains.Count} sites", maxValue: domains.Count);
                    results = await runner.RunAsync(domains, waitForBackoff: false, result =>
                    {
                        task.Increment(1);
                        task.Description = $"{Markup.Escape(result.Site)}: {result.Found}/{result.Intervals} half-years with a policy";
                    }, cancellationToken);
                    task.Description = $"crawled {results.Count} of {domains.Count} sites";
                });
            return results;
        }

        int done = 0;
        return await runner.RunAsync(domains, waitForBackoff: false, result =>
        {
            done++;
            output.WriteLine($"[{done}/{domains.Count}] {result.Site}: {Counted.Of(result.Intervals, "half-year")}, {result.Found} with a policy, " +
                             $"{Counted.Of(result.NewVersions, "new version")}, {Counted.Of(result.ArchiveCalls, "archive call")} ({result.CallsPerInterval:0.00} per half-year)");
        }, cancellationToken);
    }
}
