using System.Text;
using Harvester.Core.Extraction;
using Harvester.Tests.Support;

namespace Harvester.Tests.Extraction;

public sealed class PolicyExtractorTests
{
    private readonly PolicyExtractor _extractor = new();

    [Fact]
    public void Extract_RawPage_WritesDatasetHeaderTitleAndBody()
    {
        var result = _extractor.Extract(Encoding.UTF8.GetBytes(Pages.Policy("  Privacy \n Policy  ")), Pages.Provenance);

        var lines = result.Markdown.Split('\n');
        Assert.Equal(
            "> *The following text is extracted and transformed from the example.com privacy policy that was archived on 2020-04-01. " +
            "Please check the [original snapshot on the Wayback Machine](https://web.archive.org/web/20200401123456id_/http%3A//www.example.com/privacy) " +
            "for the most accurate reproduction.*", lines[0]);
        Assert.Equal("# Privacy Policy", lines[2]);
        Assert.Contains("We collect your name, your email address", result.Markdown);
        Assert.DoesNotContain("About", result.Markdown);
        Assert.Equal("Privacy Policy", result.Title);
        Assert.True(result.ContentLength > 800);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void ExtractDatasetPage_ProvenanceComment_IsReadBack()
    {
        var provenance = Provenance.ForCapture("chaamp.com", "20121005000000", "http://chaamp.com/privacy.php?a=1&b=2");

        var result = _extractor.ExtractDatasetPage(Pages.DatasetFile(Pages.Policy(), provenance));

        Assert.Equal(provenance, result.Provenance);
        Assert.Contains("(https://web.archive.org/web/20121005000000id_/http%3A//chaamp.com/privacy.php%3Fa%3D1%26b%3D2)", result.Markdown);
    }

    [Fact]
    public void Extract_RelativeLinks_ResolveAgainstSnapshotByDefaultAndOriginalOnRequest()
    {
        var page = Encoding.UTF8.GetBytes(Pages.Policy(body: "<p>Read our <a href=\"/terms\">terms</a> and <a href=\"cookies.html\">cookie notice</a>.</p>"));

        var dataset = _extractor.Extract(page, Pages.Provenance).Markdown;
        var original = new PolicyExtractor(new ExtractionOptions { Links = LinkBase.Original }).Extract(page, Pages.Provenance).Markdown;

        Assert.Contains("[terms](https://web.archive.org/terms)", dataset);
        // As the reference chain does: a relative path resolves inside the snapshot URL's encoded original.
        Assert.Contains("[cookie notice](https://web.archive.org/web/20200401123456id_/http%3A//www.example.com/cookies.html)", dataset);
        Assert.Contains("[terms](http://www.example.com/terms)", original);
        Assert.Contains("[cookie notice](http://www.example.com/cookies.html)", original);
    }

    [Fact]
    public void Extract_ShortPage_FallsBackAndStillReturnsText()
    {
        var page = Encoding.UTF8.GetBytes("<html><head><title>Tiny</title></head><body><p>Only a short line here.</p></body></html>");

        var result = _extractor.Extract(page, Pages.Provenance);

        Assert.EndsWith("# Tiny\n\nOnly a short line here.\n", result.Markdown);
    }

    [Fact]
    public void Extract_HiddenAndUnlikelyBlocks_AreDropped()
    {
        var page = Encoding.UTF8.GetBytes(Pages.Policy(body:
            "<div style=\"display: none\">hidden words</div><div class=\"sidebar\">sidebar words</div><div hidden>more hidden</div>"));

        var markdown = _extractor.Extract(page, Pages.Provenance).Markdown;

        Assert.DoesNotContain("hidden words", markdown);
        Assert.DoesNotContain("sidebar words", markdown);
        Assert.DoesNotContain("more hidden", markdown);
    }

    [Fact]
    public void Extract_JavascriptLinks_BecomeText()
    {
        var page = Encoding.UTF8.GetBytes(Pages.Policy(body: "<p>Click <a href=\"javascript:openPrefs()\">preferences</a> to change.</p>"));

        var markdown = _extractor.Extract(page, Pages.Provenance).Markdown;

        Assert.Contains("Click preferences to change.", markdown);
    }

    [Theory]
    [InlineData("20200401", "2020-04-01")]
    [InlineData("20191231235959", "2019-12-31")]
    public void ProvenanceForCapture_Timestamp_GivesArchiveDate(string timestamp, string date)
    {
        var provenance = Provenance.ForCapture("a.com", timestamp, "http://a.com/");
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), provenance.ArchivedOn);
    }
}
