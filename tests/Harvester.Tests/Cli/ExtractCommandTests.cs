using System.Text;
using Harvester.Core.Extraction;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Extract_FolderWithGoodAndBadFiles_ConvertsTheGoodReportsTheBadAndExitsOne()
    {
        var input = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        var good = Provenance.ForCapture("good.example", "20190402000000", "http://good.example/privacy");
        await File.WriteAllBytesAsync(Path.Combine(input, "good.example.html"), Pages.DatasetFile(Pages.Policy(), good), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(input, "empty.html"), [], TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(input, "nocomment.html"), Pages.Policy(), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("extract", input, "--out", _dir.Combine("out"));

        Assert.Equal(1, run.ExitCode);
        var errors = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, errors.Length);
        Assert.Equal($"{Path.Combine(input, "empty.html")}: empty file", errors[0]);
        Assert.Equal($"{Path.Combine(input, "nocomment.html")}: no provenance comment; for a raw page give --site, --url and --timestamp", errors[1]);
        var markdown = await File.ReadAllTextAsync(_dir.Combine("out", "good.example.md"), TestContext.Current.CancellationToken);
        Assert.Equal(new PolicyExtractor().ExtractDatasetPage(Pages.DatasetFile(Pages.Policy(), good)).Markdown, markdown);
        Assert.Matches(@"^extracted 1 of 3 files in [\d.]+ s \([\d.]+ documents/s, [\d.]+ MB/s\); 2 failed\n$", run.Output);
    }

    [Fact]
    public async Task Extract_SeveralPagesOfOneSite_AreAllKept_NamedByArchiveDate()
    {
        // A site's versions from several half-years in one run all wrote SITE.md before, the last to finish winning.
        var input = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        var pages = new (string File, string Site, string Timestamp, string Title)[]
        {
            ("2019/a.html", "a.example", "20190402000000", "Old"),
            ("2020/a.html", "A.example", "20200402000000", "New"),
            ("2020/a-copy.html", "a.example", "20200402120000", "Same day"),
            ("2020/b.html", "b.example", "20200402000000", "Only"),
        };
        foreach (var (file, site, timestamp, title) in pages)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(input, file))!);
            var provenance = Provenance.ForCapture(site, timestamp, $"http://{site}/privacy");
            await File.WriteAllBytesAsync(Path.Combine(input, file), Pages.DatasetFile(Pages.Policy(title), provenance), TestContext.Current.CancellationToken);
        }

        var run = await CliRun.RunAsync("extract", input, "--out", _dir.Combine("out"), "--jobs", "4");

        Assert.Equal(0, run.ExitCode);
        // Input order decides who gets -2: folders are read in ordinal order, and "a-copy.html" sorts before "a.html".
        Assert.Equal(["A.example.2020-04-02-2.md", "a.example.2019-04-02.md", "a.example.2020-04-02.md", "b.example.md"],
            Directory.GetFiles(_dir.Combine("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains("# Old\n", await File.ReadAllTextAsync(_dir.Combine("out", "a.example.2019-04-02.md"), TestContext.Current.CancellationToken));
        Assert.Contains("# New\n", await File.ReadAllTextAsync(_dir.Combine("out", "A.example.2020-04-02-2.md"), TestContext.Current.CancellationToken));
        Assert.Contains("# Same day\n", await File.ReadAllTextAsync(_dir.Combine("out", "a.example.2020-04-02.md"), TestContext.Current.CancellationToken));
        Assert.Matches(@"^3 pages named SITE.YYYY-MM-DD.md: their sites have several pages in this run\nextracted 4 of 4 files in ", run.Output);
    }

    [Fact]
    public async Task Extract_RawPageWithProvenanceOptions_WritesSiteMarkdown()
    {
        var page = _dir.Combine("raw.html");
        await File.WriteAllTextAsync(page, Pages.Policy(), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("extract", page, "--out", _dir.Combine("out"), "--site", "raw.example", "--url", "http://raw.example/p?x=1", "--timestamp", "20200102030405");

        Assert.Equal(0, run.ExitCode);
        var markdown = await File.ReadAllTextAsync(_dir.Combine("out", "raw.example.md"), TestContext.Current.CancellationToken);
        Assert.StartsWith("> *The following text is extracted and transformed from the raw.example privacy policy that was archived on 2020-01-02. " +
                          "Please check the [original snapshot on the Wayback Machine](https://web.archive.org/web/20200102030405id_/http%3A//raw.example/p%3Fx%3D1)", markdown);
    }

    [Fact]
    public async Task Extract_OriginalLinksOption_RewritesRelativeLinks()
    {
        var page = _dir.Combine("in.html");
        await File.WriteAllBytesAsync(page, Pages.DatasetFile(Pages.Policy(body: "<p>See <a href=\"/terms\">terms</a>.</p>")), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("extract", page, "--out", _dir.Combine("out"), "--links", "original");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("[terms](http://www.example.com/terms)", await File.ReadAllTextAsync(_dir.Combine("out", "example.com.md"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Extract_SiteWithoutUrlAndTimestamp_IsAUsageError()
    {
        var run = await CliRun.RunAsync("extract", _dir.Path, "--site", "a.com");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--site, --url and --timestamp go together", run.Error);
    }

    [Fact]
    public async Task Extract_BadTimestamp_IsAUsageError()
    {
        var run = await CliRun.RunAsync("extract", _dir.Path, "--site", "a.com", "--url", "http://a.com/", "--timestamp", "2020-01-01");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a Wayback timestamp", run.Error);
    }

    [Fact]
    public async Task Extract_MissingPath_SaysSoAndExitsTwo()
    {
        var missing = _dir.Combine("nope");
        var run = await CliRun.RunAsync("extract", missing);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"{missing}: no such file or folder\n", run.Error);
    }
}
