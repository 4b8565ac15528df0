using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>The years typed are the years crawled, whatever a site was scheduled for before; years not typed keep the site's own.</summary>
public sealed class SiteYearsTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Db => _dir.Combine("years.db");

    private (int From, int To) Years(string site)
    {
        using var database = LiteDbFile.Open(Db);
        var record = new LiteDbSiteStore(database, TimeProvider.System).Find(site)!;
        return (record.FromYear, record.ToYear);
    }

    [Fact]
    public async Task Crawl_SiteScheduledWithDefaultYears_CrawlsOnlyTheYearsAsked()
    {
        Assert.Equal(0, (await CliRun.RunAsync("--db", Db, "add", "alpha-shop.example")).ExitCode);
        Assert.Equal((1996, DateTime.UtcNow.Year), Years("alpha-shop.example"));

        var crawl = await CliRun.RunAsync("--db", Db, "--archive", FixtureArchive.Folder, "crawl", "alpha-shop.example", "--from", "2018", "--to", "2019");

        Assert.Equal(0, crawl.ExitCode);
        Assert.Contains("crawled 1 of 1 site in ", crawl.Output, StringComparison.Ordinal);
        Assert.Contains(": 4 half-years, 4 with a policy", crawl.Output, StringComparison.Ordinal);
        Assert.Equal((2018, 2019), Years("alpha-shop.example"));
    }

    [Fact]
    public async Task Add_OneYearGiven_KeepsTheOther()
    {
        await CliRun.RunAsync("--db", Db, "add", "a.example", "--from", "2010", "--to", "2012");

        var add = await CliRun.RunAsync("--db", Db, "add", "a.example", "--to", "2015");
        var again = await CliRun.RunAsync("--db", Db, "add", "a.example");

        Assert.Equal("scheduled 1 site (2010-2015) in " + Path.GetFullPath(Db) + "\n", add.Output);
        Assert.Equal((2010, 2015), Years("a.example"));
        Assert.Contains("(2010-2015)", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFile_LongListWithRepeats_SchedulesEachSiteOnce_InTheListsOrder()
    {
        var list = _dir.Combine("sites.txt");
        var domains = Enumerable.Range(0, 12_000).Select(i => $"site{i:D5}.example").ToList();
        // Every domain twice, the second time in capitals and as a URL: the same site.
        await File.WriteAllLinesAsync(list, domains.Concat(domains.Select(d => $"HTTP://{d.ToUpperInvariant()}/")), TestContext.Current.CancellationToken);
        var add = await CliRun.RunAsync("--db", Db, "add", "--file", list, "--from", "2018", "--to", "2019");
        Assert.True(add.ExitCode == 0, add.Error);
        Assert.StartsWith("scheduled 12,000 sites (2018-2019)", add.Output, StringComparison.Ordinal);

        using var database = LiteDbFile.Open(Db);
        Assert.Equal(domains, database.Jobs.FindAll().OrderBy(j => j.Id).Select(j => j.Site));
        Assert.Equal(12_000, database.Sites.Count());
    }
}
