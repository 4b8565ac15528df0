using Harvester.Core.Dom;
using Harvester.Core.Html2Text;

namespace Harvester.Tests.Html2Text;

/// <summary>Converting an article's DOM: its HTML as jsdom serializes it, read back as the dataset's chain read it.</summary>
public sealed class ArticleConversionTests
{
    [Fact]
    public void ACarriageReturnFromAReference_IsALineFeed_AsPythonReadTheArticleFile()
    {
        // "&#13;" puts a CR in the text; the chain's html2text read the article from a file in text mode, whose
        // universal newlines make CR and CR LF one LF: a new, indented line in a <pre>, a space elsewhere.
        using var document = JsdomHtmlParser.Parse("<body><p>x</p><pre>a&#13;b&#13;\nc</pre><p>y&#13;z</p>");
        // Python html2text 2020.1.16 on the serialized article, read with open(path).read().
        Assert.Equal("x\n    \n    \n    a\n    b\n    c\n\ny z\n", Html2TextConverter.Convert(document.Body!, Html2TextOptions.Dataset));
    }
}
