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
/// Where AngleSharp's own rules differ (<c>&lt;isindex&gt;</c>, a <c>&lt;pre&gt;</c> out of a table), see
/// <see cref="MarkupCorrections"/>.
/// </summary>
public static class JsdomHtmlParser
{
    // A parser carries a browsing context that is costly to build; one per thread, reused for every page.
    private static readonly ThreadLocal<HtmlParser> Parser = new(Create);

    [ThreadStatic]
    private static ParseWatch? _current;

    public static IHtmlDocument Parse(string html)
    {
        var document = ParseOnce(html, out var corrections);
        if (!corrections.Any) return document;
        document.Dispose();
        document = ParseOnce(corrections.Apply(), out _);
        MarkupCorrections.RemoveMarkers(document);
        return document;
    }

    private static IHtmlDocument ParseOnce(string html, out MarkupCorrections corrections)
    {
        var parse = new ParseWatch(new FosterText(), new MarkupCorrections(html));
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
        parse.FosterText.MoveAfterTheirTables();
        corrections = parse.Corrections;
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

    /// <summary>What one parse reports: foster-parenting to follow, and the tags AngleSharp builds unlike jsdom.</summary>
    private sealed class ParseWatch(FosterText fosterText, MarkupCorrections corrections)
    {
        public FosterText FosterText { get; } = fosterText;

        public MarkupCorrections Corrections { get; } = corrections;

        public void Reported(HtmlErrorEvent error)
        {
            // AngleSharp reports these two just before it foster-parents a token: a character token, or an element.
            if (error.Code is (int)HtmlParseError.IllegalElementInTableDetected or (int)HtmlParseError.TokenNotPossible) FosterText.Look();
            Corrections.Reported(error);
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
                if (i == data.Length || HtmlSpace.Is(data[i]) != HtmlSpace.Is(data[i - 1]))
                {
                    yield return data[start..i];
                    start = i;
                }
            }
        }
    }
}
