using Harvester.Core.Crawling;
using Harvester.Core.Versioning;

namespace Harvester.Tests.Crawl;

public sealed class CrawlRulesTests
{
    [Fact]
    public void HalfYear_Between_ListsOnlyEndedHalfYearsWithTheirTargets()
    {
        var intervals = HalfYear.Between(2018, 2019, new DateTime(2019, 9, 1, 0, 0, 0, DateTimeKind.Utc)).ToList();

        Assert.Equal(["2018A", "2018B", "2019A"], intervals.Select(i => i.Label));
        Assert.Equal("20180401000000", intervals[0].TargetTimestamp);
        Assert.Equal("20181001000000", intervals[1].TargetTimestamp);
        Assert.True(intervals[2].Contains("20190630235959"));
        Assert.False(intervals[2].Contains("20190701000000"));
        Assert.Equal(intervals[1], HalfYear.Parse("2018B"));
    }

    [Fact]
    public void CaptureChoice_PrefersStatus200NearestTheTarget_ThenRedirects()
    {
        var interval = HalfYear.Parse("2019A");
        CaptureCandidate[] captures =
        [
            new("20190101000000", "http://a/", 200, "d1"),
            new("20190330000000", "http://a/", 301, "d2"),
            new("20190520000000", "http://a/", 200, "d3"),
            new("20190802000000", "http://a/", 200, "d4"),
        ];

        Assert.Equal("20190520000000", CaptureChoice.ForInterval(captures, interval)!.Timestamp);
        Assert.Equal("20190330000000", CaptureChoice.ForInterval(captures.Where(c => c.Status == 301), interval)!.Timestamp);
        Assert.Null(CaptureChoice.ForInterval(captures, HalfYear.Parse("2018B")));
    }

    [Fact]
    public void CaptureChoice_RevisitCountsAsAPage()
    {
        CaptureCandidate[] captures = [new("20181001120000", "http://a/", null, "d1"), new("20181001000000", "http://a/", 302, "d2")];
        Assert.Equal("20181001120000", CaptureChoice.ForInterval(captures, HalfYear.Parse("2018B"))!.Timestamp);
    }

    [Theory]
    [InlineData("<a href='/legal'>Legal</a><a href='/p'> Privacy  Policy </a>", "http://site.example/p", true)]
    [InlineData("<a href='/cookies'>Cookie Policy</a><a href='/privacy'>Privacy</a>", "http://site.example/privacy", true)]
    [InlineData("<a href='/ps'>Privacy &amp; Security</a>", "http://site.example/ps", false)]
    [InlineData("<a href='#privacy'>Privacy Policy</a><a href='legal/privacy-notice.html'>Our privacy notice</a>", "http://site.example/dir/legal/privacy-notice.html", false)]
    [InlineData("<a href='javascript:open()'>Privacy Policy</a><a href='https://other.example/p#x'>Your privacy rights</a>", "https://other.example/p", true)]
    public void PolicyLinkFinder_Find_AppliesExactThenPartialRules(string links, string expected, bool exact)
    {
        var link = PolicyLinkFinder.Find($"<html><body><footer>{links}</footer></body></html>", "http://site.example/dir/");

        Assert.NotNull(link);
        Assert.Equal(expected, link.Url);
        Assert.Equal(exact, link.ExactMatch);
    }

    [Theory]
    [InlineData("/legal/privacy-policy#top", "http://site.example/legal/privacy-policy", "#top")]
    [InlineData("/legal/privacy-policy#", "http://site.example/legal/privacy-policy", "#")]
    [InlineData("/legal/privacy-policy", "http://site.example/legal/privacy-policy", "")]
    public void PolicyLinkFinder_Find_FetchesWithoutFragmentAndKeepsTheLinkAsFound(string href, string url, string fragment)
    {
        var link = PolicyLinkFinder.Find($"<html><body><a href='{href}'>Privacy Policy</a></body></html>", "http://site.example/")!;

        Assert.Equal(url, link.Url);
        Assert.Equal(fragment, link.Fragment);
        Assert.Equal(url + fragment, link.AsFound);
        Assert.Equal("http://site.example/new-policy" + fragment, link.ProvenanceUrl("http://site.example/new-policy")); // carried over a redirect
        Assert.Equal("http://site.example/new#own", link.ProvenanceUrl("http://site.example/new#own"));
    }

    [Theory]
    [InlineData("<a href='/about'>About</a><a href='/privacy-matters'>Privacy matters</a>")]
    [InlineData("<a href='mailto:privacy@site.example'>Privacy Policy</a>")]
    [InlineData("")]
    public void PolicyLinkFinder_Find_NoPolicyLink_IsNull(string links) =>
        Assert.Null(PolicyLinkFinder.Find($"<html><body>{links}</body></html>", "http://site.example/"));

    [Fact]
    public void PolicyText_Hash_IgnoresTheProvenanceLine()
    {
        const string body = "\n# Privacy\n\nWe collect data.\n";
        Assert.Equal(PolicyText.Hash("> *archived on 2019-01-01*" + body), PolicyText.Hash("> *archived on 2020-06-06*" + body));
        Assert.NotEqual(PolicyText.Hash("> *x*" + body), PolicyText.Hash("> *x*" + body + "More.\n"));
    }

    [Fact]
    public void SimHash_NearTextsAreClose_DifferentTextsFar()
    {
        // A policy of twelve sections; one word edited; and an unrelated text.
        var text = string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"Section {i}. " + Harvester.Tests.Support.Pages.PolicyText));
        int at = text.IndexOf("postal", StringComparison.Ordinal);
        var edited = text[..at] + "mailing" + text[(at + "postal".Length)..];
        var other = string.Join("\n\n", Enumerable.Range(1, 12).Select(i => $"Article {i}: this website uses analytics tools provided by partners to understand visitors."));

        Assert.Equal(0, SimHash.Distance(SimHash.Compute(text), SimHash.Compute(text)));
        Assert.True(SimHash.Distance(SimHash.Compute(text), SimHash.Compute(edited)) <= SimHash.NearDistance);
        Assert.True(SimHash.Distance(SimHash.Compute(text), SimHash.Compute(other)) > 10);
    }
}
