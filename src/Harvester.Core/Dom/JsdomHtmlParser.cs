using System.Runtime.ExceptionServices;
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
/// The case of end tags in a title's text is kept as typed (<see cref="EndTagTextCase"/>). Where AngleSharp's own rules
/// differ (<c>&lt;isindex&gt;</c>, <c>&lt;menuitem&gt;</c>, a <c>&lt;pre&gt;</c> out of a table, a cell closed by the other cell's end tag, a
/// section's end tag in a row, tags inside a <c>&lt;select&gt;</c>), see
/// <see cref="MarkupCorrections"/>.
/// </summary>
public static class JsdomHtmlParser
{
    // A parser carries a browsing context that is costly to build; one per thread, reused for every page.
    private static readonly ThreadLocal<HtmlParser> Parser = new(Create);

    [ThreadStatic]
    private static ParseWatch? _current;

    /// <summary>Parses of a page edited by <see cref="MarkupCorrections"/>, at most: a hostile page cannot make it parse forever.</summary>
    private const int MaxCorrectedParses = 8;

    public static IHtmlDocument Parse(string html)
    {
        IHtmlDocument? document = null;
        ExceptionDispatchInfo? failure = null;
        string original = html;
        for (int parse = 0; ; parse++)
        {
            var tree = ParseOnce(html, out var corrections, out var failed);
            if (tree is not null)
            {
                document?.Dispose();
                document = tree;
            }
            failure ??= failed;
            // A parse AngleSharp gave up on may still show what to correct before the place it failed.
            if (!corrections.Any || parse == MaxCorrectedParses) break;
            html = corrections.Apply();
        }
        if (document is null) failure!.Throw();
        if (!ReferenceEquals(html, original)) MarkupCorrections.RemoveMarkers(document!);
        return document!;
    }

    /// <summary>One parse of the page as given: the tree, or null when AngleSharp's tree builder failed on it.</summary>
    private static IHtmlDocument? ParseOnce(string html, out MarkupCorrections corrections, out ExceptionDispatchInfo? failed)
    {
        var parse = new ParseWatch(new FosterText(), new SelectContentWatch(html), new CellEndTagWatch(html), new EndTagTextCase(html), new MarkupCorrections(html));
        _current = parse;
        IHtmlDocument? document = null;
        failed = null;
        try
        {
            document = Parser.Value!.ParseDocument(html);
        }
        catch (NullReferenceException e)
        {
            // AngleSharp 1.10 throws on some markup (a <select> after an <xmp> that closed a paragraph in a select).
            failed = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _current = null;
        }
        if (document is not null)
        {
            parse.FosterText.MoveAfterTheirTables();
            parse.EndTagTextCase.Restore();
        }
        int bound = parse.SelectContent.FirstMissedEnd();
        foreach (var (name, at) in parse.SelectContent.Stray(ref bound)) parse.Corrections.Ignored(name, at);
        foreach (var (at, end) in parse.CellEndTags.Mismatched()) parse.Corrections.Remove(at, end);
        parse.Corrections.Bound = bound;
        corrections = parse.Corrections;
        return document;
    }

    private static HtmlParser Create()
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false, OnCreated = (element, position) => _current?.Created(element, position) });
        parser.Error += (_, e) =>
        {
            if (e is HtmlErrorEvent error) _current?.Reported(error);
        };
        return parser;
    }

    /// <summary>What one parse reports: foster-parenting to follow, and the tags AngleSharp builds unlike jsdom.</summary>
    private sealed class ParseWatch(FosterText fosterText, SelectContentWatch selectContent, CellEndTagWatch cellEndTags, EndTagTextCase endTagTextCase, MarkupCorrections corrections)
    {
        public FosterText FosterText { get; } = fosterText;

        public CellEndTagWatch CellEndTags { get; } = cellEndTags;

        public EndTagTextCase EndTagTextCase { get; } = endTagTextCase;

        public SelectContentWatch SelectContent { get; } = selectContent;

        public MarkupCorrections Corrections { get; } = corrections;

        public void Created(IElement element, AngleSharp.Text.TextPosition position)
        {
            FosterText.Created(element);
            SelectContent.Created(element, position);
            CellEndTags.Created(element, position);
            EndTagTextCase.Created(element, position);
            Corrections.Created(element, position);
        }

        public void Reported(HtmlErrorEvent error)
        {
            // AngleSharp reports these two just before it foster-parents a token: a character token, or an element.
            if (error.Code is (int)HtmlParseError.IllegalElementInTableDetected or (int)HtmlParseError.TokenNotPossible) FosterText.Look();
            SelectContent.Reported(error);
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
