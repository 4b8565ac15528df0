using AngleSharp.Dom;
using AngleSharp.Html.Dom.Events;
using AngleSharp.Html.Parser;

namespace Harvester.Core.Dom;

/// <summary>
/// Where AngleSharp's tree builder departs from jsdom's (parse5's) on a page, the small edits to the page's markup
/// that make it build jsdom's tree; found from the parse errors AngleSharp reports, each at its tag's <c>&lt;</c>.
/// The page is parsed again with them only when there are any.
/// <list type="bullet">
/// <item><c>&lt;isindex&gt;</c>: AngleSharp still expands it into a form, a rule the HTML standard dropped in 2016;
/// jsdom builds an ordinary element, which holds what follows until an end tag closes it. Its tags are renamed
/// <c>isindex-</c>, a name no rule knows: Readability and html2text treat an unknown element alike by any name.</item>
/// <item><c>&lt;menuitem&gt;</c>: AngleSharp makes it a void element, so its text lands after it; jsdom builds an
/// ordinary element holding it. Renamed <c>menuitem-</c> the same way: the start tags where AngleSharp makes the
/// element, the end tags where it reports them, as none is ever open for it.</item>
/// <item>A <c>&lt;pre&gt;</c> or <c>&lt;listing&gt;</c> foster-parented out of a table: AngleSharp reads the next token
/// itself, to drop a newline that may follow, while it is still foster-parenting, so a <c>&lt;td&gt;</c> or
/// <c>&lt;tr&gt;</c> right after it lands outside the table too. A comment put between them takes that read; it is
/// removed once the tree is built.</item>
/// <item>A <c>&lt;/tbody&gt;</c>, <c>&lt;/thead&gt;</c> or <c>&lt;/tfoot&gt;</c> in a row whose section is another one:
/// the standard, and AngleSharp, ignore it; parse5 closes the row (it tests the section's scope <i>or</i> the row's),
/// so the cells after it start a new row. It becomes a <c>&lt;/tr&gt;</c>, which does the same (and, where AngleSharp
/// reports the same error outside a row, is ignored as well).</item>
/// <item>A cell's end tag that closed the other kind of cell (see <see cref="CellEndTagWatch"/>) is taken out.</item>
/// <item>Start tags that jsdom ignores inside a <c>&lt;select&gt;</c> and AngleSharp builds (see
/// <see cref="SelectContentWatch"/>) are taken out. Their text stays, as jsdom keeps it.</item>
/// </list>
/// Once edited, a page may show more of them (the text of an <c>&lt;xmp&gt;</c> taken out of a select is markup), so the
/// edited page is watched again, a few rounds at most.
/// </summary>
internal sealed class MarkupCorrections(string html)
{
    private const string IsIndex = "isindex";
    private const string MenuItem = "menuitem";
    /// <summary>The comment put in for a <c>&lt;pre&gt;</c>: a page that holds this same comment does not exist.</summary>
    private static readonly string Marker = "harvester:pre:" + Guid.NewGuid().ToString("N");

    private readonly List<(int At, int Remove, string Insert)> _edits = [];

    /// <summary>
    /// Where this parse stops being read: edits past it are left for the parse of the page edited up to it, which
    /// shows that part as jsdom builds it (see <see cref="SelectContentWatch.FirstMissedEnd"/>).
    /// </summary>
    public int Bound { get; set; } = int.MaxValue;

    public bool Any => _edits.Exists(e => e.At < Bound);

    public void Reported(HtmlErrorEvent error)
    {
        // A tag's error is reported at its '<' (1-based, in the text as given).
        int at = error.Position.Position - 1;
        if ((TagText.NameEnd(html, at, IsIndex, endTagToo: true) ?? MenuItemEndTag(error, at)) is { } nameEnd)
        {
            _edits.Add((nameEnd, 0, "-"));
        }
        else if (error.Code == (int)HtmlParseError.TableSectionNotInScope && at + 1 < html.Length && html[at + 1] == '/' &&
                 (TagText.NameEnd(html, at, "tbody", endTagToo: true) ?? TagText.NameEnd(html, at, "thead", endTagToo: true) ??
                  TagText.NameEnd(html, at, "tfoot", endTagToo: true)) is { } sectionNameEnd &&
                 TagText.End(html, sectionNameEnd) is { } sectionEnd)
        {
            _edits.Add((at, sectionEnd - at, "</tr>"));
        }
        else if (error.Code == (int)HtmlParseError.IllegalElementInTableDetected &&
                 (TagText.NameEnd(html, at, "pre", endTagToo: false) ?? TagText.NameEnd(html, at, "listing", endTagToo: false)) is { } preNameEnd &&
                 TagText.End(html, preNameEnd) is { } tagEnd && tagEnd + 1 < html.Length && html[tagEnd] == '<' && char.IsAsciiLetter(html[tagEnd + 1]))
        {
            _edits.Add((tagEnd, 0, "<!--" + Marker + "-->"));
        }
    }

    /// <summary>The end of the name of a <c>&lt;/menuitem&gt;</c> that AngleSharp reports, as it reports every one.</summary>
    private int? MenuItemEndTag(HtmlErrorEvent error, int at) =>
        error.Code is (int)HtmlParseError.TagClosedWrong or (int)HtmlParseError.TagCannotEndHere or (int)HtmlParseError.TagDoesNotMatchCurrentNode &&
        at + 1 < html.Length && html[at + 1] == '/'
            ? TagText.NameEnd(html, at, MenuItem, endTagToo: true)
            : null;

    /// <summary>Each element as AngleSharp makes it, with its start tag's place (1-based, in the text as given).</summary>
    public void Created(IElement element, AngleSharp.Text.TextPosition position)
    {
        if (element.LocalName == MenuItem && element.NamespaceUri == NamespaceNames.HtmlUri &&
            TagText.NameEnd(html, position.Position - 1, MenuItem, endTagToo: false) is { } nameEnd)
        {
            _edits.Add((nameEnd, 0, "-"));
        }
    }

    /// <summary>Takes out the start tag of an element jsdom would not have built, found at <paramref name="at"/> when it is there.</summary>
    public void Ignored(string name, int at)
    {
        if (TagText.NameEnd(html, at, name, endTagToo: false) is { } nameEnd && TagText.End(html, nameEnd) is { } tagEnd)
        {
            Remove(at, tagEnd);
        }
    }

    /// <summary>Takes out the tag from <paramref name="at"/> to <paramref name="end"/>, one jsdom ignored.</summary>
    public void Remove(int at, int end) => _edits.Add((at, end - at, ""));

    /// <summary>The page with the edits made.</summary>
    public string Apply()
    {
        var edited = new System.Text.StringBuilder(html.Length + _edits.Count * 24);
        int from = 0;
        foreach (var (at, remove, insert) in _edits.Where(e => e.At < Bound).Distinct().OrderBy(e => e.At))
        {
            if (at < from) continue; // inside a tag already taken out
            edited.Append(html, from, at - from).Append(insert);
            from = at + remove;
        }
        return edited.Append(html, from, html.Length - from).ToString();
    }

    /// <summary>Takes the comments put in for <c>&lt;pre&gt;</c> out of the tree built from <see cref="Apply"/>.</summary>
    public static void RemoveMarkers(IDocument document)
    {
        var markers = new List<IComment>();
        foreach (var element in document.DescendantElements())
        {
            if (element.LocalName is not ("pre" or "listing")) continue;
            foreach (var child in element.ChildNodes)
            {
                if (child is IComment comment && comment.Data == Marker) markers.Add(comment);
            }
        }
        foreach (var marker in markers) marker.Parent?.RemoveChild(marker);
    }
}
