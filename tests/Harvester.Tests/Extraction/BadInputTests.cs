using System.Text;
using Harvester.Core.Extraction;
using Harvester.Tests.Support;

namespace Harvester.Tests.Extraction;

/// <summary>Bad pages give one clear reason (or a sensible result), never a crash.</summary>
public sealed class BadInputTests
{
    private readonly PolicyExtractor _extractor = new();

    [Fact]
    public void Extract_EmptyFile_SaysEmpty()
    {
        var e = Assert.Throws<ExtractionException>(() => _extractor.Extract([], Pages.Provenance));
        Assert.Equal("empty file", e.Message);
    }

    [Fact]
    public void Extract_PngBytes_SaysNotHtml()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        var e = Assert.Throws<ExtractionException>(() => _extractor.Extract(png, Pages.Provenance));
        Assert.Equal("not an HTML page (PNG image)", e.Message);
    }

    [Fact]
    public void Extract_RandomBinary_SaysBinary()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        var e = Assert.Throws<ExtractionException>(() => _extractor.Extract(bytes, Pages.Provenance));
        Assert.Equal("not an HTML page (binary data, not text)", e.Message);
    }

    [Fact]
    public void Extract_FiftyMegabytePage_IsRefusedWithItsSize()
    {
        var html = Encoding.UTF8.GetBytes("<html><body>" + new string('x', 50 * 1024 * 1024) + "</body></html>");
        var e = Assert.Throws<ExtractionException>(() => _extractor.Extract(html, Pages.Provenance));
        Assert.Equal("page is 50.0 MiB, over the 32 MiB limit", e.Message);
    }

    [Fact]
    public void Extract_LargePageUnderTheLimit_Converts()
    {
        var paragraphs = string.Concat(Enumerable.Repeat("<p>" + Pages.PolicyText + "</p>", 5000));
        var result = _extractor.Extract(Encoding.UTF8.GetBytes(Pages.Policy(body: paragraphs)), Pages.Provenance);
        Assert.True(result.Markdown.Length > 2_000_000);
    }

    [Fact]
    public void Extract_HundredThousandLevelsDeep_IsRefusedWithoutStackOverflow()
    {
        const int depth = 100_000;
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "deep" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";
        var e = Assert.Throws<ExtractionException>(() => _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance));
        Assert.Equal("markup nested more than 1,000 levels deep", e.Message);
    }

    [Fact]
    public void Extract_DeepButAllowedNesting_Converts()
    {
        const int depth = 400;
        var html = "<html><head><title>Deep</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "<p>" + Pages.PolicyText + "</p>" +
                   string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";
        var result = _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance);
        Assert.Contains("We collect your name", result.Markdown);
    }

    [Fact]
    public void Extract_ThousandsOfUnclosedFontTags_ConvertsLikeABrowserWould()
    {
        var clauses = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<p><font face=\"arial\" size=\"2\"><b>Clause {i}.</b> We collect your name and address, and we never sell them."));
        var html = "<html><head><title>Old page</title></head><body>" + clauses + "</body></html>";

        var result = _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance);

        Assert.Contains("**Clause 2999.** We collect your name", result.Markdown);
    }

    [Fact]
    public void Extract_HundredThousandNestedBoldTags_IsRefused()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<b>", 100_000)) + "deep</body></html>";
        var e = Assert.Throws<ExtractionException>(() => _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance));
        Assert.Equal("markup nested more than 1,000 levels deep", e.Message);
    }

    [Theory]
    [InlineData("textarea")]
    [InlineData("xmp")]
    [InlineData("title")]
    [InlineData("noembed")]
    public void Extract_ManyTagsAsTheTextOfARawTextElement_AreNotNesting(string element)
    {
        // The tokenizer reads them as text: no tree nests, and the page is no more refused than the reference chain refuses it.
        var html = "<html><body><p>" + Pages.PolicyText + "</p><" + element + ">" + string.Concat(Enumerable.Repeat("<div>", 5_000)) +
                   "</" + element + "><p>" + Pages.PolicyText + "</p></body></html>";
        var result = _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance);
        Assert.Contains(Pages.PolicyText[..40], result.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_InvalidUtf8_DecodesAndWarns()
    {
        var html = Encoding.Latin1.GetBytes(Pages.Policy("Politique de confidentialité"));
        var result = _extractor.Extract(html, Pages.Provenance);
        Assert.Contains("# Politique de confidentialité", result.Markdown);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Extract_Utf8DeclaredAsWindows1252_TrustsTheValidUtf8()
    {
        var html = Encoding.UTF8.GetBytes(Pages.Policy("Café – privacy", extraHead: "<meta charset=\"windows-1252\">"));
        var result = _extractor.Extract(html, Pages.Provenance);
        Assert.Equal("Café – privacy", result.Title);
        Assert.Equal("utf-8", result.Encoding);
    }

    [Fact]
    public void Extract_Windows1252DeclaredAsUtf8_FallsBackToALegacyDecoding()
    {
        var html = Encoding.Latin1.GetBytes(Pages.Policy("Café privacy", extraHead: "<meta charset=\"utf-8\">"));
        var result = _extractor.Extract(html, Pages.Provenance);
        Assert.Equal("Café privacy", result.Title);
    }

    [Fact]
    public void Extract_ShiftJisDeclaredInMeta_IsDecoded()
    {
        var encoding = HtmlDecoder.ForLabel("shift_jis")!;
        var html = encoding.GetBytes(Pages.Policy("プライバシーポリシー", extraHead: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"));
        var result = _extractor.Extract(html, Pages.Provenance);
        Assert.Equal("プライバシーポリシー", result.Title);
    }

    [Fact]
    public void Extract_PageWithoutBody_GivesHeaderAndWarning()
    {
        var result = _extractor.Extract(Encoding.UTF8.GetBytes("<html><head><title>Nothing</title></head></html>"), Pages.Provenance);
        Assert.EndsWith("# Nothing\n\n\n", result.Markdown);
        Assert.Contains("no article content found", result.Warnings);
    }

    [Fact]
    public void Extract_BrokenMarkup_StillConverts()
    {
        var html = "<html><title>Broken</title><body><div><p>" + Pages.PolicyText + "<table><tr>stray<td>cell</div></b></i><p>" + Pages.PolicyText;
        var result = _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance);
        Assert.Contains("We never sell personal information", result.Markdown);
    }

    [Fact]
    public void ExtractDatasetPage_NoComment_SaysHowToGiveProvenance()
    {
        var e = Assert.Throws<ExtractionException>(() => _extractor.ExtractDatasetPage(Encoding.UTF8.GetBytes(Pages.Policy())));
        Assert.Equal("no provenance comment; for a raw page give --site, --url and --timestamp", e.Message);
    }

    [Fact]
    public void ExtractDatasetPage_MalformedComment_SaysMalformed()
    {
        var text = ProvenanceComment.Format(Pages.Provenance).Replace("2020-04-01", "April 1st", StringComparison.Ordinal) + Pages.Policy();
        var e = Assert.Throws<ExtractionException>(() => _extractor.ExtractDatasetPage(Encoding.UTF8.GetBytes(text)));
        Assert.StartsWith("malformed provenance comment", e.Message);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://exa mple.com/bad host")]
    [InlineData("http://[::1/")]
    [InlineData("//\u0000/x")]
    [InlineData("data:text/html,<script>x</script>")]
    public void Extract_HostileHrefs_DoNotBreakConversion(string href)
    {
        var html = Pages.Policy(body: $"<p>A <a href=\"{System.Net.WebUtility.HtmlEncode(href)}\">strange link</a> here.</p>");
        var result = _extractor.Extract(Encoding.UTF8.GetBytes(html), Pages.Provenance);
        Assert.Contains("strange link", result.Markdown);
    }
}
