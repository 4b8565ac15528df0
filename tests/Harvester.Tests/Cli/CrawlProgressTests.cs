using Harvester.Archive.Warc;
using Harvester.Cli.Commands;
using Harvester.Core.Extraction;
using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Tests.Support;
using Spectre.Console;

namespace Harvester.Tests.Cli;

/// <summary>On an interactive terminal, <c>crawl</c> prints the line of every finished site above its progress bar, as help and README promise.</summary>
public sealed class CrawlProgressTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task InteractiveTerminal_ShowsALinePerSiteAboveTheBar()
    {
        var screen = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(screen),
        });
        terminal.Profile.Width = 200;
        string[] sites = ["alpha-shop.example", "zeta-travel.example"];
        using var database = LiteDbFile.Open(_dir.Combine("progress.db"));
        var stores = new LiteDbStore(database, TimeProvider.System);
        SiteSchedule.Add(stores, sites, 2018, 2019);
        var crawler = new SiteCrawler(new WarcArchive(FixtureArchive.Folder), stores, new PolicyExtractor());
        var runner = new CrawlRunner(new JobExecutor(crawler, stores), stores);

        var results = await CrawlProgress.RunAsync(runner, sites, TextWriter.Null, TestContext.Current.CancellationToken, terminal);

        Assert.Equal(2, results.Count);
        var text = screen.ToString();
        Assert.Contains("[1/2] ", text, StringComparison.Ordinal);
        Assert.Contains("[2/2] ", text, StringComparison.Ordinal);
        foreach (var site in sites) Assert.Matches($@"\[[12]/2\] {site}: 4 half-years, \d with a policy, ", text);
        Assert.Contains("crawled 2 of 2 sites", text, StringComparison.Ordinal);
    }
}
