using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Dom.Events;
using AngleSharp.Html.Parser;

namespace Harvester.Core.Dom;

/// <summary>
/// Parses a page into the DOM jsdom builds, the one the dataset's Readability ran on. AngleSharp and jsdom (parse5)
/// follow the same HTML standard but for one jsdom quirk: text that a table cannot hold (a stray "Next" between two
/// rows) is "foster-parented" out of the table, and the standard puts it before the table, as AngleSharp does; jsdom's
/// tree adapter puts it before the table only when a text node already stands there, and otherwise appends it to the
/// table's parent, after the table (<c>insertTextBefore</c> calls <c>_append</c>, which ignores the reference node), one
/// text node per whitespace or non-whitespace run, as parse5 tokenizes them. Such text is moved the same way here.
/// </summary>
public static class JsdomHtmlParser
{
    // A parser carries a browsing context that is costly to build; one per thread, reused for every page.
    private static readonly ThreadLocal<HtmlParser> Parser = new(Create);

    [ThreadStatic]
    private static ParseWatch? _current;

    public static IHtmlDocument Parse(string html)
    {
        var document = ParseOnce(html, out var isIndexTags);
        if (isIndexTags.Count == 0) return document;
        document.Dispose();
        return ParseOnce(RenameIsIndex(html, isIndexTags), out _);
    }

    private static IHtmlDocument ParseOnce(string html, out List<int> isIndexTags)
    {
        var fosterText = new FosterText();
        var parse = new ParseWatch(html, fosterText);
        _current = parse;
        IHtmlDocument document;
        try
        {
            document = Parser.Value!.ParseDocument(html);
        }
        finally
        {
            _current = null;
        }
        fosterText.MoveAfterTheirTables();
        isIndexTags = parse.IsIndexTags;
        return document;
    }

    private static HtmlParser Create()
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false, OnCreated = (element, _) => _current?.FosterText.Created(element) });
        parser.Error += (_, e) =>
        {
            if (e is HtmlErrorEvent error) _current?.Reported(error);
        };
        return parser;
    }

    /// <summary>
    /// <c>&lt;isindex&gt;</c>: AngleSharp still expands it into a form (a rule the HTML standard dropped in 2016);
    /// jsdom's parser builds an ordinary element, which holds what follows until an end tag closes it. The tags the
    /// parser met (it reports each as misplaced) are renamed <c>isindex-</c>, a name no rule knows, and the page
    /// parsed again: the tree is jsdom's, and Readability and html2text treat an unknown element alike by any name.
    /// </summary>
    private static string RenameIsIndex(string html, List<int> tags)
    {
        var renamed = new System.Text.StringBuilder(html.Length + tags.Count);
        int from = 0;
        foreach (int at in tags.Distinct().Order())
        {
            int nameEnd = at + (html[at + 1] == '/' ? 2 : 1) + IsIndex.Length;
            renamed.Append(html, from, nameEnd - from).Append('-');
            from = nameEnd;
        }
        return renamed.Append(html, from, html.Length - from).ToString();
    }

    private const string IsIndex = "isindex";

    /// <summary>What one parse reports: foster-parenting to follow, and where its <c>isindex</c> tags stand.</summary>
    private sealed class ParseWatch(string html, FosterText fosterText)
    {
        public FosterText FosterText { get; } = fosterText;

        /// <summary>Offsets of the <c>&lt;</c> of the <c>isindex</c> start and end tags the parser met.</summary>
        public List<int> IsIndexTags { get; } = [];

        public void Reported(HtmlErrorEvent error)
        {
            // AngleSharp reports these two just before it foster-parents a token: a character token, or an element.
            if (error.Code is (int)HtmlParseError.IllegalElementInTableDetected or (int)HtmlParseError.TokenNotPossible) FosterText.Look();
            // A tag's error is reported at its '<' (1-based, in the text as given).
            int at = error.Position.Position - 1;
            if (IsIndexTagAt(at)) IsIndexTags.Add(at);
        }

        private bool IsIndexTagAt(int at)
        {
            if (at < 0 || at >= html.Length || html[at] != '<') return false;
            int name = at + (at + 1 < html.Length && html[at + 1] == '/' ? 2 : 1);
            int end = name + IsIndex.Length;
            if (end > html.Length) return false;
            for (int i = 0; i < IsIndex.Length; i++)
            {
                // The tokenizer lowers ASCII letters only.
                char c = html[name + i];
                if ((c is >= 'A' and <= 'Z' ? (char)(c + 32) : c) != IsIndex[i]) return false;
            }
            return end == html.Length || html[end] is ' ' or '\t' or '\n' or '\f' or '\r' or '/' or '>';
        }
    }

    /// <summary>
    /// The tables of one parse and what stood before each when last looked: nodes that appear between that and the
    /// table were foster-parented there, and the text nodes among them are jsdom's to move.
    /// </summary>
    private sealed class FosterText
    {
        private readonly List<Table> _tables = [];
        private readonly HashSet<IText> _seen = new(ReferenceEqualityComparer.Instance);

        /// <summary>Tables looked at, in all: a hostile page of many tables and many stray texts stops the emulation here.</summary>
        private const long WorkBudget = 20_000_000;
        private long _work;

        private sealed class Table(IElement element)
        {
            public IElement Element { get; } = element;
            public INode? Before { get; set; }
            public bool Looked { get; set; }

            /// <summary>The text foster-parented before the table that jsdom put after it, in the order it came.</summary>
            public List<IText> Moved { get; } = [];
        }

        public void Created(IElement element)
        {
            if (element.LocalName == TagNames.Table && element.NamespaceUri == NamespaceNames.HtmlUri) _tables.Add(new Table(element));
        }

        /// <summary>Called before every foster-parenting, and once at the end.</summary>
        public void Look()
        {
            _work += _tables.Count;
            if (_work > WorkBudget) return;
            foreach (var table in _tables)
            {
                var element = table.Element;
                if (element.Parent is not IElement parent) continue;
                var before = element.PreviousSibling;
                if (table.Looked && !ReferenceEquals(before, table.Before) && (table.Before is null || ReferenceEquals(table.Before.Parent, parent)))
                {
                    int from = table.Moved.Count;
                    for (var node = before; node is not null && !ReferenceEquals(node, table.Before); node = node.PreviousSibling)
                    {
                        if (node is IText text && _seen.Add(text)) table.Moved.Add(text);
                    }
                    table.Moved.Reverse(from, table.Moved.Count - from);
                }
                table.Before = before;
                table.Looked = true;
            }
        }

        public void MoveAfterTheirTables()
        {
            Look();
            if (_work > WorkBudget) return; // past the budget: the standard's places, whole
            foreach (var (table, moved) in _tables.Where(t => t.Moved.Count > 0).Select(t => (t.Element, t.Moved)))
            {
                if (table.Parent is not { } parent) continue;
                INode last = table;
                foreach (var text in moved)
                {
                    if (!ReferenceEquals(text.Parent, parent)) continue; // moved since by the parser itself: left where it is
                    parent.RemoveChild(text);
                    foreach (var run in Runs(text.Data))
                    {
                        var node = table.Owner!.CreateTextNode(run);
                        parent.InsertBefore(node, last.NextSibling);
                        last = node;
                    }
                }
                // Text right after the table's end tag was appended to the last of them, as jsdom appends to a last text child.
                if (last is IText end && end.NextSibling is IText following)
                {
                    end.Data += following.Data;
                    parent.RemoveChild(following);
                }
            }
        }

        /// <summary>parse5's character tokens: runs of whitespace (space, tab, LF, FF, CR) and of anything else.</summary>
        private static IEnumerable<string> Runs(string data)
        {
            int start = 0;
            for (int i = 1; i <= data.Length; i++)
            {
                if (i == data.Length || IsSpace(data[i]) != IsSpace(data[i - 1]))
                {
                    yield return data[start..i];
                    start = i;
                }
            }
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
    }
}
