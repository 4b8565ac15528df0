using AngleSharp.Dom;
using Harvester.Core.Dom;

namespace Harvester.Tests.Extraction;

/// <summary>
/// Text a table cannot hold goes where jsdom put it for the dataset: before the table only when a text node stands
/// there, else after it. The expected trees are what jsdom 29 (the reference chain's) builds from the same markup.
/// </summary>
public sealed class JsdomHtmlParserTests
{
    [Fact]
    public void StrayTableText_GoesAfterTheTable_UnlessTextStandsBeforeIt()
    {
        using var document = JsdomHtmlParser.Parse("""
            <div><table><tr><td>a</td></tr>one <!--c--> two<br>three<tr><td>b</td></tr></table>next</div><div>
            <table><tr><td>c</td></tr>kept before</table></div>
            """);
        var divs = document.Body!.Children;
        Assert.Equal("<br><table><tbody><tr><td>a</td></tr><!--c--><tr><td>b</td></tr></tbody></table>one  twothreenext", divs[0].InnerHtml);
        Assert.Equal(["<BR>", "<TABLE>", "one", "  ", "two", "threenext"], divs[0].ChildNodes.Select(Describe));
        Assert.Equal("\nkept before<table><tbody><tr><td>c</td></tr></tbody></table>", divs[1].InnerHtml);
    }

    [Fact]
    public void IsIndex_IsAnOrdinaryElement_AsJsdomBuildsIt_NotAForm()
    {
        // AngleSharp alone: <form action="/s"><hr><label>Find: <input name="isindex"></label><hr></form>after…
        using var document = JsdomHtmlParser.Parse(
            "<html><body><p>x</p>\r\n<isindex prompt=\"Find: \" action=/s>after</ISINDEX ><form><ISINDEX></form>" +
            "<table><tr><td><isindex/></td></tr></table><p>isindex <isindexes> &lt;isindex&gt;</p></body></html>");
        // jsdom 29's body.innerHTML for the same markup, but for the name.
        Assert.Equal("<p>x</p>\n<isindex prompt=\"Find: \" action=\"/s\">after</isindex><form><isindex><table><tbody><tr><td><isindex>" +
                     "</isindex></td></tr></tbody></table><p>isindex <isindexes> &lt;isindex&gt;</isindexes></p></isindex></form>",
            InnerHtmlSerializer.Serialize(document.Body!).Replace("isindex-", "isindex", StringComparison.Ordinal));
        Assert.DoesNotContain("searchable index", document.Body!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<table><tr><td>a</td><pre><td>b</td><td>c</td></tr></table>",
        "<pre></pre><table><tbody><tr><td>a</td><td>b</td><td>c</td></tr></tbody></table>")]
    // jsdom 29 writes the value as "x&gt;y"; the dataset's jsdom of 2020 escaped neither < nor > in attributes.
    [InlineData("<table><tr><td>a</td></tr><listing title='x>y'><tr><td>b</td></tr></table>",
        "<listing title=\"x>y\"></listing><table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>")]
    [InlineData("<table><tr><td>a</td><pre>\n<td>b</td></tr></table>",
        "<pre></pre><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>")]
    [InlineData("<table><tr><td>a</td><PRE =\">\"><td>b</td></tr></table><pre><!--harvester:pre--></pre>",
        "<pre =\"=\"\">\"&gt;</pre><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table><pre><!--harvester:pre--></pre>")]
    public void APreOutOfATable_LeavesTheNextCellInTheRow_AsJsdomBuildsIt(string markup, string jsdom)
    {
        // AngleSharp alone puts <td>b</td> before the table, after the <pre>.
        using var document = JsdomHtmlParser.Parse("<body>" + markup);
        Assert.Equal(jsdom, InnerHtmlSerializer.Serialize(document.Body!));
    }

    [Fact]
    public void NestedTables_AndTextAfterAStrayElement()
    {
        using var document = JsdomHtmlParser.Parse("""
            <html><body><div><table><tr><td><p><b>x</b></p></td>
                </tr>
                <br>
                    B. outside text
            <tr><td><table><tr><td>in</td></tr>&nbsp;inner stray</table></td></tr></table></div><p>after</p></body></html>
            """);
        Assert.Equal("<div><br><table><tbody><tr><td><p><b>x</b></p></td>\n    </tr>\n    <tr><td><table><tbody><tr><td>in</td></tr></tbody></table>\u00a0inner stray</td></tr></tbody></table>\n        B. outside text\n</div><p>after</p>",
            document.Body!.InnerHtml.Replace("&nbsp;", "\u00a0", StringComparison.Ordinal));
    }

    [Fact]
    public void AHostilePage_OfManyTablesAndStrayTexts_ParsesAndKeepsEveryWord()
    {
        var html = string.Concat(Enumerable.Range(0, 5000).Select(i => $"<div><table><tr><td>c{i}</td></tr>stray{i} </table></div>"));
        using var document = JsdomHtmlParser.Parse(html);
        Assert.Equal(5000, document.QuerySelectorAll("table").Length);
        var text = document.Body!.TextContent;
        Assert.Contains("stray0 ", text);
        Assert.Contains("stray4999 ", text);
    }

    private static string Describe(INode node) => node is IText text ? text.Data : "<" + node.NodeName + ">";
}
