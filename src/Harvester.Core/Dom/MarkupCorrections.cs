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
/// <item>A <c>&lt;pre&gt;</c> or <c>&lt;listing&gt;</c> foster-parented out of a table: AngleSharp reads the next token
/// itself, to drop a newline that may follow, while it is still foster-parenting, so a <c>&lt;td&gt;</c> or
/// <c>&lt;tr&gt;</c> right after it lands outside the table too. A comment put between them takes that read; it is
/// removed once the tree is built.</item>
/// </list>
/// </summary>
internal sealed class MarkupCorrections(string html)
{
    private const string IsIndex = "isindex";
    /// <summary>The comment put in for a <c>&lt;pre&gt;</c>: a page that holds this same comment does not exist.</summary>
    private static readonly string Marker = "harvester:pre:" + Guid.NewGuid().ToString("N");

    private readonly List<(int At, string Insert)> _edits = [];

    public bool Any => _edits.Count > 0;

    public void Reported(HtmlErrorEvent error)
    {
        // A tag's error is reported at its '<' (1-based, in the text as given).
        int at = error.Position.Position - 1;
        if (TagNamed(at, IsIndex, endTagToo: true) is { } nameEnd)
        {
            _edits.Add((nameEnd, "-"));
        }
        else if (error.Code == (int)HtmlParseError.IllegalElementInTableDetected &&
                 (TagNamed(at, "pre", endTagToo: false) ?? TagNamed(at, "listing", endTagToo: false)) is { } preNameEnd &&
                 TagEnd(preNameEnd) is { } tagEnd && tagEnd + 1 < html.Length && html[tagEnd] == '<' && char.IsAsciiLetter(html[tagEnd + 1]))
        {
            _edits.Add((tagEnd, "<!--" + Marker + "-->"));
        }
    }

    /// <summary>The page with the edits made.</summary>
    public string Apply()
    {
        var edited = new System.Text.StringBuilder(html.Length + _edits.Count * 24);
        int from = 0;
        foreach (var (at, insert) in _edits.Distinct().OrderBy(e => e.At))
        {
            edited.Append(html, from, at - from).Append(insert);
            from = at;
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

    /// <summary>The end of the name when a tag named <paramref name="name"/> (ASCII letters in any case) starts at <paramref name="at"/>.</summary>
    private int? TagNamed(int at, string name, bool endTagToo)
    {
        if (at < 0 || at >= html.Length || html[at] != '<') return null;
        int start = at + 1;
        if (endTagToo && start < html.Length && html[start] == '/') start++;
        int end = start + name.Length;
        if (end > html.Length) return null;
        for (int i = 0; i < name.Length; i++)
        {
            // The tokenizer lowers ASCII letters only.
            char c = html[start + i];
            if ((c is >= 'A' and <= 'Z' ? (char)(c + 32) : c) != name[i]) return null;
        }
        return end == html.Length || HtmlSpace.Is(html[end]) || html[end] is '/' or '>' ? end : null;
    }

    private enum TagState { BeforeName, Name, AfterName, BeforeValue, DoubleQuoted, SingleQuoted, AfterQuoted, Unquoted, SelfClosing }

    /// <summary>
    /// Where a start tag ends, just after its <c>&gt;</c>, read from the end of its name as the HTML tokenizer reads
    /// attributes (a quoted value may hold a <c>&gt;</c>; an <c>=</c> that starts a name is part of it); null when the
    /// page ends first.
    /// </summary>
    private int? TagEnd(int from)
    {
        var state = TagState.BeforeName;
        for (int k = from; k < html.Length; k++)
        {
            char c = html[k];
            switch (state)
            {
                case TagState.BeforeName or TagState.AfterQuoted:
                    if (c == '>') return k + 1;
                    if (c == '/') state = TagState.SelfClosing;
                    else if (!HtmlSpace.Is(c)) state = state == TagState.AfterQuoted ? Reconsume(ref k, TagState.BeforeName) : TagState.Name;
                    else state = TagState.BeforeName;
                    break;
                case TagState.Name:
                    if (c == '>') return k + 1;
                    if (c == '/') state = TagState.SelfClosing;
                    else if (c == '=') state = TagState.BeforeValue;
                    else if (HtmlSpace.Is(c)) state = TagState.AfterName;
                    break;
                case TagState.AfterName:
                    if (c == '>') return k + 1;
                    if (c == '/') state = TagState.SelfClosing;
                    else if (c == '=') state = TagState.BeforeValue;
                    else if (!HtmlSpace.Is(c)) state = TagState.Name;
                    break;
                case TagState.BeforeValue:
                    if (c == '>') return k + 1;
                    if (c == '"') state = TagState.DoubleQuoted;
                    else if (c == '\'') state = TagState.SingleQuoted;
                    else if (!HtmlSpace.Is(c)) state = TagState.Unquoted;
                    break;
                case TagState.DoubleQuoted or TagState.SingleQuoted:
                    if (c == (state == TagState.DoubleQuoted ? '"' : '\'')) state = TagState.AfterQuoted;
                    break;
                case TagState.Unquoted:
                    if (c == '>') return k + 1;
                    if (HtmlSpace.Is(c)) state = TagState.BeforeName;
                    break;
                case TagState.SelfClosing:
                    if (c == '>') return k + 1;
                    state = Reconsume(ref k, TagState.BeforeName);
                    break;
            }
        }
        return null;
    }

    private static TagState Reconsume(ref int k, TagState state)
    {
        k--;
        return state;
    }
}
