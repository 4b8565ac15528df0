using AngleSharp.Dom;
using AngleSharp.Html.Dom.Events;
using AngleSharp.Html.Parser;
using AngleSharp.Text;

namespace Harvester.Core.Dom;

/// <summary>
/// Watches one parse for the elements AngleSharp builds inside a <c>&lt;select&gt;</c> where jsdom builds none.
/// AngleSharp 1.10 follows the draft of the "customizable select": below an option (anywhere but right under the
/// select) it makes an element of every start tag, and it makes a <c>&lt;button&gt;</c> and an <c>&lt;xmp&gt;</c> even
/// right under the select. jsdom (parse5) ignores every start tag in a select but <c>option</c>, <c>optgroup</c>,
/// <c>script</c>, <c>template</c> and those that end the select (<c>select</c>, <c>input</c>, <c>keygen</c>,
/// <c>textarea</c>, and in a table the table's own tags), and keeps the text between them. So AngleSharp alone turns a
/// language menu's <c>&lt;option&gt;&lt;b&gt;Deutsch&lt;/b&gt;</c> into an element jsdom never made, and an element
/// left open in an option (a <c>&lt;span&gt;</c>, a <c>&lt;br&gt;</c>) keeps the select open past its
/// <c>&lt;/select&gt;</c>, taking the rest of the page into it. <c>&lt;hr&gt;</c> is ignored as well: the standard of
/// 2023 puts it in the select, the dataset's jsdom of 2020 did not.
/// <para>
/// What the watch finds, <see cref="MarkupCorrections"/> takes out of the page's text before the next parse. Past the
/// first place where AngleSharp kept a select open that jsdom had closed, its selects are not jsdom's, so only what
/// comes before is taken out in one parse; the next parse goes further.
/// </para>
/// </summary>
internal sealed class SelectContentWatch(string html)
{
    private readonly List<(IElement Element, int At)> _selects = [];
    private readonly List<(IElement Element, int At)> _created = [];
    private List<int>? _endsReported;
    private List<int>? _xmpReported;

    /// <summary>Each element as AngleSharp makes it, with its start tag's place (1-based, in the text as given).</summary>
    public void Created(IElement element, TextPosition position)
    {
        if (element.IsHtml("select")) _selects.Add((element, position.Position - 1));
        else if (_selects.Count > 0) _created.Add((element, position.Position - 1));
    }

    /// <summary>
    /// The errors AngleSharp reports at a tag that ends a select for jsdom: <c>&lt;/select&gt;</c> not in scope, and
    /// <c>&lt;input&gt;</c>, <c>&lt;keygen&gt;</c>, <c>&lt;textarea&gt;</c> inside a select. With an element of its own
    /// open in the select, AngleSharp ignores these tags, and takes what follows into the select.
    /// </summary>
    /// <remarks>
    /// Also an error at an <c>&lt;xmp&gt;</c>: in a select inside a paragraph, AngleSharp closes the paragraph for it,
    /// select and all, and reads on as if still in the select (a later <c>&lt;select&gt;</c> can make it throw); the
    /// <c>&lt;xmp&gt;</c> is then in no select of the tree.
    /// </remarks>
    public void Reported(HtmlErrorEvent error)
    {
        if (_selects.Count == 0) return;
        int at = error.Position.Position - 1;
        if (error.Code is (int)HtmlParseError.SelectNotInScope or (int)HtmlParseError.IllegalElementInSelectDetected)
        {
            (_endsReported ??= []).Add(at);
        }
        else if (TagText.NameEnd(html, at, "xmp", endTagToo: false) is not null)
        {
            (_xmpReported ??= []).Add(at);
        }
    }

    /// <summary>
    /// The first tag that ended a select for jsdom and that AngleSharp ignored: past it, AngleSharp's selects are not
    /// jsdom's (a select taken on may swallow the next one's start), so what the parse shows there waits for a parse
    /// of the page edited up to it. <see cref="int.MaxValue"/> when there is none.
    /// </summary>
    public int FirstMissedEnd()
    {
        if (_endsReported is null) return int.MaxValue;
        HashSet<int>? built = null;
        foreach (int at in _endsReported)
        {
            if (at + 1 < html.Length && html[at + 1] == '/' && TagText.NameEnd(html, at, "select", endTagToo: true) is not null) return at;
            if (TagText.NameEnd(html, at, "input", false) is null && TagText.NameEnd(html, at, "keygen", false) is null &&
                TagText.NameEnd(html, at, "textarea", false) is null) continue;
            // An input AngleSharp did take, once it had ended the select, is an element made at this place.
            built ??= _created.Select(c => c.At).ToHashSet();
            if (!built.Contains(at)) return at;
        }
        return int.MaxValue;
    }

    /// <summary>
    /// The elements of the parsed tree that jsdom would not have built, each with the index of the <c>&lt;</c> of its
    /// start tag, up to <paramref name="bound"/>. An <c>&lt;xmp&gt;</c> among them moves the bound to just past its
    /// tag: AngleSharp read what follows it as text, a <c>&lt;/select&gt;</c> too.
    /// </summary>
    public List<(string Name, int At)> Stray(ref int bound)
    {
        var stray = new List<(string, int)>();
        if (_created.Count == 0) return stray;
        if (XmpOutOfItsSelect(bound) is { } xmp)
        {
            stray.Add(("xmp", xmp));
            bound = xmp + 1;
        }
        HashSet<IElement>? inSelects = null;
        foreach (var (select, at) in _selects)
        {
            if (at >= bound) break;
            foreach (var element in select.DescendantElements())
            {
                if (!IsKept(element)) (inSelects ??= new HashSet<IElement>(ReferenceEqualityComparer.Instance)).Add(element);
            }
        }
        if (inSelects is null) return stray;
        foreach (var (element, at) in _created)
        {
            if (at >= bound) break;
            // A formatting element AngleSharp rebuilt inside the select carries the place of the tag that made it
            // rebuild, which names another element; the caller checks the name at the place.
            if (!inSelects.Contains(element)) continue;
            stray.Add((element.LocalName, at));
            if (element.LocalName == "xmp" && TagText.NameEnd(html, at, "xmp", endTagToo: false) is not null)
            {
                bound = at + 1;
                break;
            }
        }
        return stray;
    }

    /// <summary>
    /// The first <c>&lt;xmp&gt;</c> an error was reported at that stands in a select for jsdom: after the start tag of a
    /// select of the tree, with no tag that ends a select between (a conservative test on the text: such a tag in a
    /// comment counts too, and so does <c>&lt;track</c> for <c>&lt;tr</c>).
    /// </summary>
    private int? XmpOutOfItsSelect(int bound)
    {
        if (_xmpReported is null) return null;
        foreach (int at in _xmpReported)
        {
            if (at >= bound) break;
            int select = -1;
            IElement? element = null;
            foreach (var (candidate, start) in _selects)
            {
                if (start >= at) break;
                (element, select) = (candidate, start);
            }
            if (element is null) continue;
            if (EndsASelect(html.AsSpan(select + 1, at - select - 1), InATable(element))) continue;
            return at;
        }
        return null;
    }

    /// <summary>
    /// Whether the text holds a tag that ends a select: its end tag, another select, a field, or, for a select in a
    /// table, a table's part.
    /// </summary>
    private static bool EndsASelect(ReadOnlySpan<char> text, bool inATable)
    {
        foreach (var tag in SelectEnders)
        {
            if (text.Contains(tag, StringComparison.OrdinalIgnoreCase)) return true;
        }
        if (!inATable) return false;
        foreach (var tag in TableSelectEnders)
        {
            if (text.Contains(tag, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static readonly string[] SelectEnders = ["<select", "</select", "<input", "<keygen", "<textarea"];

    private static readonly string[] TableSelectEnders =
    [
        "<caption", "</caption", "<table", "</table", "<tbody", "</tbody", "<thead", "</thead", "<tfoot", "</tfoot",
        "<tr", "</tr", "<td", "</td", "<th", "</th",
    ];

    /// <summary>
    /// Whether the select was made in a table (in a cell or a caption, or put before the table it stood in), where
    /// the table's own tags end it.
    /// </summary>
    private static bool InATable(IElement select)
    {
        for (var e = select.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e.NamespaceUri != NamespaceNames.HtmlUri) continue;
            if (e.LocalName is "td" or "th" or "caption") return true;
            if (e.LocalName is "table" or "template" or "html") break;
        }
        return select.NextElementSibling is { LocalName: "table" };
    }

    private static bool IsKept(IElement element) =>
        element.NamespaceUri == NamespaceNames.HtmlUri &&
        element.LocalName is "option" or "optgroup" or "script" or "template";
}
