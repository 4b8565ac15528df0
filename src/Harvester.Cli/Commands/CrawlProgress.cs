using Harvester.Crawl;
using Spectre.Console;

namespace Harvester.Cli.Commands;

/// <summary>
/// Shows a crawl's progress: one line per finished site, and on an interactive terminal a live Spectre.Console bar
/// (sites done, time left) below those lines.
/// </summary>
internal static class CrawlProgress
{
    /// <param name="terminal">The terminal to draw the bar on; by default the console when it is an interactive terminal.</param>
    public static async Task<IReadOnlyList<SiteCrawlResult>> RunAsync(CrawlRunner runner, IReadOnlyList<string> domains, TextWriter output,
        CancellationToken cancellationToken, IAnsiConsole? terminal = null)
    {
        if (terminal is null && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            terminal = AnsiConsole.Console;
        }
        int done = 0;
        if (terminal is not null)
        {
            IReadOnlyList<SiteCrawlResult> results = [];
            await terminal.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"crawling {Counted.Of(domains.Count, "site")}", maxValue: domains.Count);
                    results = await runner.RunAsync(domains, waitForBackoff: false, result =>
                    {
                        // Written through the terminal, the line goes above the bar, which is drawn again below it.
                        terminal.WriteLine(Line(++done, domains.Count, result));
                        task.Increment(1);
                        task.Description = $"{Markup.Escape(result.Site)}: {result.Found}/{result.Intervals} half-years with a policy";
                    }, cancellationToken);
                    task.Description = $"crawled {results.Count} of {Counted.Of(domains.Count, "site")}";
                });
            return results;
        }

        return await runner.RunAsync(domains, waitForBackoff: false, result => output.WriteLine(Line(++done, domains.Count, result)), cancellationToken);
    }

    private static string Line(int done, int total, SiteCrawlResult result) =>
        $"[{done}/{total}] {result.Site}: {Counted.Of(result.Intervals, "half-year")}, {result.Found} with a policy, " +
        $"{Counted.Of(result.NewVersions, "new version")}, {Counted.Of(result.ArchiveCalls, "archive call")} ({result.CallsPerInterval:0.00} per half-year)";
}
