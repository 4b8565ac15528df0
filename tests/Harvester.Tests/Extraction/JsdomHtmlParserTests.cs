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
    public void TagsInsideASelect_AreIgnored_AndTheirTextKept_AsJsdomBuildsIt()
    {
        // AngleSharp alone builds every element inside an <option>; an unclosed <span> or <div> then keeps the
        // select open past its </select> and takes the rest of the page into it.
        using var document = JsdomHtmlParser.Parse("""
            <form><select name="lang"><option value="en"><span>English</span> <img src="en.gif"></option><option value="de"><b>Deutsch</b><br></option></select><p>Policy text.</p></form>
            <p>Choose <select><option>a<div>b</select> then <b>submit</b>.</p>
            <select><option>a<span>b</select><p>After the menu.</p></span><div>after</div>
            <select><option>a<em>b<input type=submit value=Go>after input
            <table><tr><td><select><option>x<div>y</td><td>next cell</td></tr></table>
            <select><option>a<button>Go</button><xmp><b>raw</b></xmp><table><tr><td>t</td></tr></table></option></select>
            <select><!--c--><script>var a="<b>";</script><option>a<template><p>t</p></template></select>end
            """);
        // jsdom 29's body.innerHTML for the same markup.
        Assert.Equal("""
            <form><select name="lang"><option value="en">English </option><option value="de">Deutsch</option></select><p>Policy text.</p></form>
            <p>Choose <select><option>ab</option></select> then <b>submit</b>.</p>
            <select><option>ab</option></select><p>After the menu.</p><div>after</div>
            <select><option>ab</option></select><input type="submit" value="Go">after input
            <table><tbody><tr><td><select><option>xy</option></select></td><td>next cell</td></tr></tbody></table>
            <select><option>aGorawt</option></select>
            <select><!--c--><script>var a="<b>";</script><option>a<template><p>t</p></template></option></select>end
            """, InnerHtmlSerializer.Serialize(document.Body!));
    }

    [Fact]
    public void MenuItem_IsAnOrdinaryElement_AsJsdomBuildsIt_NotAVoidOne()
    {
        // AngleSharp alone: <menuitem label="a"></menuitem>Item <b>one</b><menuitem></menuitem>two
        using var document = JsdomHtmlParser.Parse(
            "<body><menu><menuitem label=a>Item <b>one</b></menuitem><MenuItem>two</menu>after<p y </menuitem>>z</p>");
        // jsdom 29's body.innerHTML for the same markup, but for the name.
        Assert.Equal("<menu><menuitem label=\"a\">Item <b>one</b></menuitem><menuitem>two</menuitem></menu>after<p y=\"\" <=\"\" menuitem=\"\">&gt;z</p>",
            InnerHtmlSerializer.Serialize(document.Body!).Replace("menuitem-", "menuitem", StringComparison.Ordinal));
    }

    [Fact]
    public void AnHrInASelect_IsIgnored_AsTheDatasetsJsdomOf2020Did()
    {
        // parse5 5 and 6 (jsdom 16) ignore it; the standard of 2023 and jsdom 29 put it in the select.
        using var document = JsdomHtmlParser.Parse("<body><select><optgroup label=G><option>a<hr>b</select>c");
        Assert.Equal("<select><optgroup label=\"G\"><option>ab</option></optgroup></select>c", InnerHtmlSerializer.Serialize(document.Body!));
    }

    [Fact]
    public void AnXmpInASelectInAParagraph_NoLongerMakesAngleSharpThrow()
    {
        // AngleSharp alone closes the paragraph for the <xmp>, select and all, reads on as if in the select, and
        // throws a NullReferenceException at the next <select>.
        const string markup = "<p>a<select><option>x<xmp><b>raw</b></select> more</xmp>y</option></select>" +
                              "<form><select><option>a</form><p>para after form</p></select>end";
        Assert.Throws<NullReferenceException>(() => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(markup));
        using var document = JsdomHtmlParser.Parse(markup);
        Assert.Equal("<p>a<select><option>xraw</option></select> morey</p><form><select><option>apara after form</option></select>end</form>",
            InnerHtmlSerializer.Serialize(document.Body!));
    }

    [Fact]
    public void AnXmpAfterASelectACellEnded_IsBuilt()
    {
        // The <td> ended the select; the <xmp> in the next cell, reported for the <b> its paragraph closes, is no stray.
        using var document = JsdomHtmlParser.Parse("<body><table><tr><td><select><option>a</td><td><p><b><xmp><i>x</i></xmp>after</td></tr></table>");
        Assert.Equal("<i>x</i>", document.QuerySelector("xmp")?.TextContent);
    }

    [Fact]
    public void AHostilePage_OfManySelectsLeftOpen_ParsesAndKeepsEveryWord()
    {
        // Each select's </select> is missed by AngleSharp behind an open <span>; each parse corrects up to the first.
        var html = string.Concat(Enumerable.Range(0, 3000).Select(i => $"<select><option>o{i}<span>s{i}</select><p>p{i}</p>"));
        using var document = JsdomHtmlParser.Parse(html);
        var text = document.Body!.TextContent;
        Assert.Contains("o0s0p0", text);
        Assert.Contains("s2999", text);
        // The first selects are corrected: their paragraphs stand after them, as jsdom builds them.
        Assert.Equal("P", document.QuerySelectorAll("select")[0].NextElementSibling?.NodeName);
    }

    [Fact]
    public void EndTagsInATitlesText_KeepTheCaseTyped_AsJsdomKeepsIt()
    {
        // AngleSharp alone: "<B>Our</b> Policy </span>"; the title heads every Markdown file.
        using var document = JsdomHtmlParser.Parse(
            "<title><B>Our</B> Policy </SPAN>&amp; More</TITLE><body><textarea>\n</Div x>z</textarea><xmp>a</Foo>b</xmp>" +
            "<textarea>&lt;/B&gt; </B></textarea>");
        Assert.Equal("<B>Our</B> Policy </SPAN>& More", document.Title);
        var textareas = document.QuerySelectorAll("textarea");
        Assert.Equal("</Div x>z", textareas[0].TextContent);
        Assert.Equal("a</Foo>b", document.QuerySelector("xmp")!.TextContent);
        // A reference that makes "</" in the text leaves the names unpaired: left as AngleSharp wrote them.
        Assert.Equal("</B> </b>", textareas[1].TextContent);
    }

    [Fact]
    public void TheOtherCellsEndTag_LeavesTheCellOpen_AsJsdomBuildsIt()
    {
        // AngleSharp alone closes a <th> at </td> and a <td> at </th>: the white space and text before the next cell
        // then stand in the row, or are foster-parented out of the table.
        using var document = JsdomHtmlParser.Parse(
            "<body><table><tr><th>Name</td>\n  <th>Value</td>\n</tr><tr><td>a</th> more <b>b</b>\n" +
            "<td>c<!-- </th> -->d</th>e<td title=\"</th>\">f</th><td>g<table><tr><td>in</td></tr></table></th>h</td></tr></table>x");
        // jsdom 29's body.innerHTML for the same markup.
        Assert.Equal("<table><tbody><tr><th>Name\n  </th><th>Value\n</th></tr><tr><td>a more <b>b</b>\n</td>" +
                     "<td>c<!-- </th> -->de</td><td title=\"</th>\">f</td><td>g<table><tbody><tr><td>in</td></tr></tbody></table>h</td>" +
                     "</tr></tbody></table>x",
            InnerHtmlSerializer.Serialize(document.Body!));
    }

    [Fact]
    public void ASectionsEndTagInARowOfAnotherSection_ClosesTheRow_AsParse5Does()
    {
        // The standard, and AngleSharp, ignore </thead> in a row of a <tbody>; parse5 closes the row.
        using var document = JsdomHtmlParser.Parse(
            "<body><table><tbody><tr><td>a</td></thead><td>b</td></tr></table>" +
            "<table><thead><tr><th>h</th></tbody><th>h2</th></tr></thead><tbody><tr><td>x</td></tbody></tfoot></table>");
        Assert.Equal("<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>" +
                     "<table><thead><tr><th>h</th></tr><tr><th>h2</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>",
            InnerHtmlSerializer.Serialize(document.Body!));
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
