using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Harvester.Core.Dom;

namespace Harvester.Tests.Extraction;

/// <summary>
/// <see cref="TagIndex"/> stands in for a new getElementsByTagName after nodes were removed: the same elements, in the
/// same order, as a fresh walk gives.
/// </summary>
public sealed class TagIndexTests
{
    private const string Markup =
        "<div id=root><p id=p1>a</p><div id=d1><p id=p2>b</p><h2 id=s1>t</h2><div id=d2><p id=p3>c</p><h1 id=x1>u</h1></div></div>" +
        "<p id=p4>d</p><h2 id=s2>v</h2><table id=t1><tr><td><p id=p5>e</p></td></tr></table></div>";

    private static (IElement Root, TagIndex Index) Parse()
    {
        var document = new HtmlParser().ParseDocument(Markup);
        var root = document.GetElementById("root")!;
        return (root, new TagIndex(root, "p", "div", "h1", "h2", "table"));
    }

    private static string Ids(IEnumerable<IElement> elements) => string.Join(",", elements.Select(e => e.Id));

    [Fact]
    public void BeforeAnyChange_EachTagIsWhatAWalkFinds()
    {
        var (root, index) = Parse();
        foreach (var tag in new[] { "p", "div", "h1", "h2", "table" })
        {
            Assert.Equal(Ids(root.ElementsByTagName(tag)), Ids(index.ElementsByTagName(tag)));
        }
        Assert.Equal("p1,p2,p3,p4,p5", Ids(index.ElementsByTagName("p")));
    }

    [Fact]
    public void RemovedElements_AndEverythingInsideThem_AreGone()
    {
        var (root, index) = Parse();
        root.QuerySelector("#d2")!.Remove();   // takes p3 and x1 with it: their parents are still set
        root.QuerySelector("#p4")!.Remove();
        Assert.Equal("p1,p2,p5", Ids(index.ElementsByTagName("p")));
        Assert.Equal("d1", Ids(index.ElementsByTagName("div")));
        Assert.Equal("", Ids(index.ElementsByTagName("h1")));
        Assert.Equal(Ids(root.ElementsByTagName("p")), Ids(index.ElementsByTagName("p")));
    }

    [Fact]
    public void TwoTags_AreMergedInDocumentOrder_LikeQuerySelectorAll()
    {
        var (root, index) = Parse();
        Assert.Equal("s1,x1,s2", Ids(index.ElementsByTagNames("h1", "h2")));
        Assert.Equal(Ids(root.ElementsByTagNames("h1", "h2")), Ids(index.ElementsByTagNames("h2", "h1")));
        root.QuerySelector("#s1")!.Remove();
        Assert.Equal("x1,s2", Ids(index.ElementsByTagNames("h1", "h2")));
    }

    [Fact]
    public void ATagNotIndexed_IsRefused_RatherThanAnsweredEmpty()
    {
        var (_, index) = Parse();
        Assert.Throws<ArgumentException>(() => index.ElementsByTagName("span"));
    }
}
