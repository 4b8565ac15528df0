using Harvester.Core.Dom;

namespace Harvester.Tests.Extraction;

/// <summary>
/// The article's HTML as jsdom 29 serializes it (<c>body.innerHTML</c>): the expected strings are jsdom's for the same
/// markup. html2text reads this string, so a raw-text element's markup must come out as markup, not escaped.
/// </summary>
public sealed class InnerHtmlSerializerTests
{
    public static TheoryData<string, string> JsdomSerializations => new()
    {
        { "<p title='a\"b&amp;c&nbsp;'>x &amp; &lt;y&gt; &nbsp;</p>",
          "<p title=\"a&quot;b&amp;c&nbsp;\">x &amp; &lt;y&gt; &nbsp;</p>" },
        { "<xmp><b>&amp;</b></xmp><iframe><i>x</i></iframe><noembed><p>&lt;</noembed><noframes>a<b</noframes><textarea><b>&amp;</b></textarea><noscript><b>n&amp;</b></noscript>",
          "<xmp><b>&amp;</b></xmp><iframe><i>x</i></iframe><noembed><p>&lt;</noembed><noframes>a<b</noframes><textarea>&lt;b&gt;&amp;&lt;/b&gt;</textarea><noscript><b>n&amp;</b></noscript>" },
        { "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"/s\" xml:lang=\"en\"><text>t</text></a><foreignObject><p>f</p></foreignObject></svg><math definitionURL=\"x\"><mi>x</mi></math>",
          "<svg xmlns:xlink=\"http://www.w3.org/1999/xlink\"><a xlink:href=\"/s\" xml:lang=\"en\"><text>t</text></a><foreignObject><p>f</p></foreignObject></svg><math definitionURL=\"x\"><mi>x</mi></math>" },
        { "<template><p>in template</p></template><!-- c -- > d --><br><img src=x>",
          "<template><p>in template</p></template><!-- c -- > d --><br><img src=\"x\">" },
        { "<div><plaintext><p>rest &amp; </div>",
          "<div><plaintext><p>rest &amp; </div></plaintext></div>" },
    };

    [Theory]
    [MemberData(nameof(JsdomSerializations))]
    public void WritesWhatJsdomWrites(string markup, string expected)
    {
        using var document = JsdomHtmlParser.Parse("<body>" + markup);
        Assert.Equal(expected, InnerHtmlSerializer.Serialize(document.Body!));
    }

    [Fact]
    public void DeepNesting_IsSerializedWithoutRecursion()
    {
        using var document = JsdomHtmlParser.Parse("<body>" + string.Concat(Enumerable.Repeat("<span>", 100_000)) + "x");
        var html = InnerHtmlSerializer.Serialize(document.Body!);
        Assert.Equal(100_000 * ("<span>".Length + "</span>".Length) + 1, html.Length);
    }
}
