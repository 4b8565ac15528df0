using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using Harvester.Core.Dom;
using Harvester.Core.Text;

namespace Harvester.Core.Html2Text;

/// <summary>
/// Python html2text 2020.1.16 (<c>HTML2Text.handle_tag</c> / <c>handle_data</c>) with the dataset's settings.
/// Converts the children of a DOM node to Markdown, byte for byte as html2text converts their serialized HTML.
/// One instance converts one document.
/// </summary>
internal sealed class Html2TextConverter : IHtmlEventSink
{
    private readonly Html2TextOptions _options;
    private readonly MarkdownWriter _w = new();
    private readonly List<IReadOnlyDictionary<string, string?>?> _anchorStack = [];
    private readonly List<ListLevel> _lists = [];

    private string? _maybeAutomaticLink;
    private bool _emptyLink;
    private bool _lastWasList;
    private bool _code;
    private bool _quote;
    private bool _stressed;
    private bool _precedingStressed;
    private string _precedingData = string.Empty;
    private string _currentTag = string.Empty;
    private string? _abbrTitle;
    private bool _splitNextTd;
    private int _tdCount;
    private bool _tableStart;

    private sealed class ListLevel(string name, long num)
    {
        public string Name { get; } = name;
        public long Num { get; set; } = num;
    }

    private Html2TextConverter(Html2TextOptions options) => _options = options;

    /// <summary>
    /// Markdown for the children of <paramref name="root"/>: what html2text makes of their HTML as jsdom serializes it,
    /// read back as Python reads a text file. The article went to html2text through a file opened in text mode, whose
    /// universal newlines turn a carriage return (a <c>&amp;#13;</c> in the page) and CR LF into a line feed; in a
    /// <c>&lt;pre&gt;</c> that is a new, indented line.
    /// </summary>
    public static string Convert(INode root, Html2TextOptions options) => Convert(UniversalNewlines(InnerHtmlSerializer.Serialize(root)), options);

    private static string UniversalNewlines(string text) =>
        text.Contains('\r') ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    /// <summary>Markdown for <paramref name="html"/>, as <c>HTML2Text.handle</c> makes it.</summary>
    public static string Convert(string html, Html2TextOptions options)
    {
        var converter = new Html2TextConverter(options);
        PythonHtmlParser.Parse(html, converter);
        return converter._w.Finish();
    }

    private static int HeadingLevel(string tag) =>
        tag.Length == 2 && tag[0] == 'h' && tag[1] is > '0' and <= '9' ? tag[1] - '0' : 0;

    /// <summary><c>handle_starttag</c>: the attributes become a dict, so the last of a repeated name wins.</summary>
    public void StartTag(string tag, IReadOnlyList<KeyValuePair<string, string?>> attributes)
    {
        IReadOnlyDictionary<string, string?> attrs = ReadOnlyDictionary<string, string?>.Empty;
        if (attributes.Count > 0)
        {
            var dict = new Dictionary<string, string?>(attributes.Count, StringComparer.Ordinal);
            foreach (var (name, value) in attributes) dict[name] = value;
            attrs = dict;
        }
        HandleTag(tag, attrs, start: true);
    }

    public void EndTag(string tag) => HandleTag(tag, ReadOnlyDictionary<string, string?>.Empty, start: false);

    /// <summary><c>handle_charref</c>.</summary>
    public void CharRef(string name) => Data(Html2TextReferences.CharRef(name), isEntity: true);

    /// <summary><c>handle_entityref</c>: an empty replacement (<c>&amp;lrm;</c>) prints nothing.</summary>
    public void EntityRef(string name)
    {
        var replacement = Html2TextReferences.EntityRef(name);
        if (replacement.Length > 0) Data(replacement, isEntity: true);
    }

    public void Data(string data) => Data(data, isEntity: false);

    private void HandleTag(string tag, IReadOnlyDictionary<string, string?> attrs, bool start)
    {
        _currentTag = tag;

        // The first thing inside a link is a tag that prints something: open the link text.
        if (start && _maybeAutomaticLink is not null && tag is not ("p" or "div" or "style" or "dl" or "dt"))
        {
            _w.Write("[");
            _maybeAutomaticLink = null;
            _emptyLink = false;
        }

        int heading = HeadingLevel(tag);
        if (heading > 0)
        {
            _w.ParagraphBreak();
            if (start)
            {
                _w.Write(new string('#', heading) + " ");
            }
            else
            {
                return; // no emphasis marks for headings
            }
        }

        switch (tag)
        {
            case "p" or "div":
                if (!(_anchorStack.Count > 0 && tag == "div")) _w.ParagraphBreak();
                break;
            case "br" when start:
                _w.Write(_w.Blockquote > 0 ? "  \n> " : "  \n");
                break;
            case "hr" when start:
                _w.ParagraphBreak();
                _w.Write("* * *");
                _w.ParagraphBreak();
                break;
            case "head" or "style" or "script":
                _w.Quiet += start ? 1 : -1;
                break;
            case "body":
                _w.Quiet = 0;
                break;
            case "blockquote":
                if (start)
                {
                    _w.ParagraphBreak();
                    _w.Write("> ", force: true);
                    _w.Start = true;
                    _w.Blockquote++;
                }
                else
                {
                    _w.Blockquote--;
                    _w.ParagraphBreak();
                }
                break;
            case "em" or "i" or "u":
                WriteStress(_options.EmphasisMark, start);
                break;
            case "strong" or "b":
                WriteStress(_options.StrongMark, start);
                break;
            case "del" or "strike" or "s":
                WriteStress("~~", start);
                break;
            case "kbd" or "code" or "tt" when !_w.Pre:
                _w.Write("`");
                _code = !_code;
                break;
            case "abbr":
                HandleAbbr(attrs, start);
                break;
            case "q":
                _w.Write("\"");
                _quote = !_quote;
                break;
            case "a":
                HandleAnchor(attrs, start);
                break;
            case "dl" when start:
                _w.ParagraphBreak();
                break;
            case "dt" when !start:
                _w.LineBreak();
                break;
            case "dd":
                if (start) _w.Write("    ");
                else _w.LineBreak();
                break;
        }

        if (tag is "ol" or "ul")
        {
            if (_lists.Count == 0 && !_lastWasList) _w.ParagraphBreak();
            if (start)
            {
                _lists.Add(new ListLevel(tag, ListNumberingStart(attrs)));
                _w.ListDepth = _lists.Count;
            }
            else if (_lists.Count > 0)
            {
                _lists.RemoveAt(_lists.Count - 1);
                // o("\n") sees the list popped: a <pre> left without text at the end of a list adds its line here.
                _w.ListDepth = _lists.Count;
                if (_lists.Count == 0) _w.Write("\n");
            }
            _lastWasList = true;
        }
        else
        {
            _lastWasList = false;
        }

        switch (tag)
        {
            case "li":
                HandleListItem(start);
                break;
            case "table" or "tr" or "td" or "th":
                HandleTable(tag, start);
                break;
            case "pre":
                if (start)
                {
                    _w.StartPre = true;
                    _w.Pre = true;
                }
                else
                {
                    _w.Pre = false;
                }
                _w.ParagraphBreak();
                break;
        }
    }

    private void WriteStress(string mark, bool start)
    {
        bool noPrecedingSpace = _precedingData.Length > 0 && !PyText.IsWhiteSpace(_precedingData[^1]);
        _w.Write(start && noPrecedingSpace ? " " + mark : mark);
        if (start) _stressed = true;
    }

    private void HandleAbbr(IReadOnlyDictionary<string, string?> attrs, bool start)
    {
        if (start)
        {
            _abbrTitle = attrs.TryGetValue("title", out var title) ? title : null;
            _w.AbbrData = new StringBuilder();
            return;
        }
        if (_abbrTitle is not null && _w.AbbrData is not null)
        {
            var key = _w.AbbrData.ToString();
            int index = _w.AbbrList.FindIndex(kv => kv.Key == key);
            if (index >= 0) _w.AbbrList[index] = new(key, _abbrTitle);
            else _w.AbbrList.Add(new(key, _abbrTitle));
            _abbrTitle = null;
        }
        _w.AbbrData = null;
    }

    private void HandleAnchor(IReadOnlyDictionary<string, string?> attrs, bool start)
    {
        if (start)
        {
            if (attrs.TryGetValue("href", out var href) && href is not null && !href.StartsWith('#'))
            {
                _anchorStack.Add(attrs);
                _maybeAutomaticLink = href;
                _emptyLink = true;
            }
            else
            {
                _anchorStack.Add(null);
            }
            return;
        }

        if (_anchorStack.Count == 0) return;
        var a = _anchorStack[^1];
        _anchorStack.RemoveAt(_anchorStack.Count - 1);
        if (!string.IsNullOrEmpty(_maybeAutomaticLink) && !_emptyLink)
        {
            _maybeAutomaticLink = null;
        }
        else if (a is not null)
        {
            if (_emptyLink)
            {
                _w.Write("[");
                _emptyLink = false;
                _maybeAutomaticLink = null;
            }
            var title = MarkdownEscaper.EscapeMd(a.TryGetValue("title", out var t) ? t ?? string.Empty : string.Empty);
            var url = PythonUrl.Join(_options.BaseUrl, a["href"]!);
            var titlePart = PyText.Strip(title).Length > 0 ? " \"" + title + "\"" : string.Empty;
            _w.Write("](" + MarkdownEscaper.EscapeMd(url) + titlePart + ")");
        }
    }

    private void HandleListItem(bool start)
    {
        _w.LineBreak();
        if (!start) return;
        var li = _lists.Count > 0 ? _lists[^1] : new ListLevel("ul", 0);
        _w.Write(string.Concat(Enumerable.Repeat("  ", _lists.Count)));
        if (li.Name == "ul")
        {
            _w.Write(_options.UlItemMark + " ");
        }
        else if (li.Name == "ol")
        {
            li.Num++;
            _w.Write(li.Num.ToString(CultureInfo.InvariantCulture) + ". ");
        }
        _w.Start = true;
    }

    private void HandleTable(string tag, bool start)
    {
        if (tag == "table" && start) _tableStart = true;
        if (tag is "td" or "th" && start)
        {
            if (_splitNextTd) _w.Write("| ");
            _splitNextTd = true;
        }
        if (tag == "tr" && start) _tdCount = 0;
        if (tag == "tr" && !start)
        {
            _splitNextTd = false;
            _w.SoftBreak();
            if (_tableStart)
            {
                _w.Write(string.Join("|", Enumerable.Repeat("---", _tdCount)));
                _w.SoftBreak();
                _tableStart = false;
            }
        }
        if (tag is "td" or "th" && start) _tdCount++;
    }

    /// <summary><c>list_numbering_start</c>: <c>int(start) - 1</c>, or 0 when it is not an integer.</summary>
    private static long ListNumberingStart(IReadOnlyDictionary<string, string?> attrs)
    {
        // A start with no value makes html2text's int(None) raise; counting from 1 is the kinder reading.
        if (!attrs.TryGetValue("start", out var value) || value is null) return 0;
        var s = PyText.Strip(value).Replace("_", string.Empty, StringComparison.Ordinal);
        if (s.Length == 0 || value.Contains("__", StringComparison.Ordinal)) return 0;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n - 1 : 0;
    }

    private void Data(string data, bool isEntity)
    {
        if (data.Length == 0) return;

        if (_stressed)
        {
            data = PyText.Strip(data);
            _stressed = false;
            _precedingStressed = true;
        }
        else if (_precedingStressed)
        {
            char first = data[0];
            if (!PyText.IsWhiteSpace(first) && first is not ('.' or '!' or '?') &&
                HeadingLevel(_currentTag) == 0 && _currentTag is not ("a" or "code" or "pre"))
            {
                data = " " + data;
            }
            _precedingStressed = false;
        }

        if (_maybeAutomaticLink is not null)
        {
            var href = _maybeAutomaticLink;
            if (href == data && IsAbsoluteUrl(href))
            {
                _w.Write("<" + data + ">");
                _emptyLink = false;
                return;
            }
            _w.Write("[");
            _maybeAutomaticLink = null;
            _emptyLink = false;
        }

        if (!_code && !_w.Pre && !isEntity) data = MarkdownEscaper.EscapeMdSection(data);
        _precedingData = data;
        _w.Write(data, pureData: true);
    }

    /// <summary>html2text's <c>absolute_url_matcher</c>: <c>^[a-zA-Z+]+://</c>.</summary>
    private static bool IsAbsoluteUrl(string href)
    {
        int i = 0;
        while (i < href.Length && (href[i] is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '+')) i++;
        return i > 0 && string.CompareOrdinal(href, i, "://", 0, 3) == 0;
    }
}
