using System.Text.RegularExpressions;
using Harvester.Core.Extraction;
using Harvester.Core.Text;

namespace Harvester.Core.Html2Text;

/// <summary>
/// Python 3.11's <c>html.parser.HTMLParser</c> with <c>convert_charrefs=False</c>, the tokenizer html2text reads
/// Readability's HTML with, ported statement for statement (<c>goahead</c>, <c>parse_starttag</c>,
/// <c>parse_endtag</c>, comments, declarations, marked sections) with its regular expressions; <c>\s</c> is
/// Python's whitespace. <see cref="Parse"/> drives it as <c>HTML2Text.handle</c> does: <c>feed(html)</c>,
/// <c>feed("")</c>, <c>close()</c>. Its quirks are kept on purpose: a <c>&amp;#</c> that is not a character
/// reference stops a pass, so after the third the rest is text; an unclosed <c>&lt;script&gt;</c> or
/// <c>&lt;style&gt;</c> swallows the rest.
/// </summary>
internal sealed partial class PythonHtmlParser
{
    /// <summary>Python's <c>\s</c> (<c>str.isspace</c>) as the inside of a character class.</summary>
    private const string S = @"\t\n\x0B\f\r\x1C-\x1F \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
    private const int TimeoutMs = 2000;

    [GeneratedRegex(@"\G&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]", RegexOptions.None, TimeoutMs)]
    private static partial Regex EntityRef();

    [GeneratedRegex(@"\G&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]", RegexOptions.None, TimeoutMs)]
    private static partial Regex CharRef();

    [GeneratedRegex(@"\G&[a-zA-Z#]", RegexOptions.None, TimeoutMs)]
    private static partial Regex Incomplete();

    [GeneratedRegex(@"\G<[a-zA-Z]", RegexOptions.None, TimeoutMs)]
    private static partial Regex StartTagOpen();

    [GeneratedRegex("--[" + S + "]*>", RegexOptions.None, TimeoutMs)]
    private static partial Regex CommentClose();

    [GeneratedRegex(@"\G((?<=['""" + S + "/])[^" + S + "/>][^" + S + "/=>]*)([" + S + "]*=+[" + S + @"]*('[^']*'|""[^""]*""|(?!['""])[^>" + S + "]*))?(?:[" + S + "]|/(?!>))*",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex AttrFind();

    [GeneratedRegex(@"\G<[a-zA-Z][^\t\n\r\f />\x00]*(?:[" + S + "/]*(?:(?<=['\"" + S + "/])[^" + S + "/>][^" + S + "/=>]*(?:[" + S + "]*=+[" + S
        + @"]*(?:'[^']*'|""[^""]*""|(?!['""])[^>" + S + "]*)[" + S + "]*)?(?:[" + S + "]|/(?!>))*)*)?[" + S + "]*",
        RegexOptions.None, TimeoutMs)]
    private static partial Regex LocateStartTagEnd();

    [GeneratedRegex(@"\G[a-zA-Z][-_.a-zA-Z0-9]*[" + S + "]*", RegexOptions.None, TimeoutMs)]
    private static partial Regex DeclName();

    [GeneratedRegex("][" + S + "]*][" + S + "]*>", RegexOptions.None, TimeoutMs)]
    private static partial Regex MarkedSectionClose();

    [GeneratedRegex("][" + S + "]*>", RegexOptions.None, TimeoutMs)]
    private static partial Regex MsMarkedSectionClose();

    [GeneratedRegex("</[" + S + "]*script[" + S + "]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex ScriptEnd();

    [GeneratedRegex("</[" + S + "]*style[" + S + "]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex StyleEnd();

    private readonly IHtmlEventSink _sink;
    private readonly List<KeyValuePair<string, string?>> _attrs = [];
    private string _rawdata = string.Empty;
    private string? _cdataElem;

    private PythonHtmlParser(IHtmlEventSink sink) => _sink = sink;

    /// <summary>Tokenizes <paramref name="html"/> as html2text's <c>handle</c> does, reporting to <paramref name="sink"/>.</summary>
    /// <exception cref="ExtractionException">Where Python's parser raises (a <c>&lt;![</c> with no known keyword).</exception>
    /// <exception cref="RegexMatchTimeoutException">On markup built to make the tokenizer's expressions backtrack.</exception>
    public static void Parse(string html, IHtmlEventSink sink)
    {
        var parser = new PythonHtmlParser(sink);
        parser.Feed(html);
        parser.Feed(string.Empty);
        parser.GoAhead(end: true);
    }

    private void Feed(string data)
    {
        SetRawData(_rawdata + data);
        GoAhead(end: false);
    }

    private Regex? Interesting => _cdataElem switch
    {
        null => null,
        "script" => ScriptEnd(),
        _ => StyleEnd(),
    };

    private void GoAhead(bool end)
    {
        string rawdata = _rawdata;
        int i = 0;
        int n = rawdata.Length;
        while (i < n)
        {
            int j;
            if (Interesting is { } cdataEnd)
            {
                var match = cdataEnd.Match(rawdata, i);
                if (!match.Success) break;
                j = match.Index;
            }
            else
            {
                j = rawdata.AsSpan(i).IndexOfAny('&', '<');
                j = j < 0 ? n : i + j;
            }
            if (i < j) _sink.Data(rawdata[i..j]);
            i = j;
            if (i == n) break;

            if (rawdata[i] == '<')
            {
                int k;
                if (StartTagOpen().IsMatch(rawdata, i)) k = ParseStartTag(i);
                else if (StartsWith(rawdata, "</", i)) k = ParseEndTag(i);
                else if (StartsWith(rawdata, "<!--", i)) k = ParseComment(i);
                else if (StartsWith(rawdata, "<?", i)) k = ParsePi(i);
                else if (StartsWith(rawdata, "<!", i)) k = ParseHtmlDeclaration(i);
                else if (i + 1 < n)
                {
                    _sink.Data("<");
                    k = i + 1;
                }
                else break;
                if (k < 0)
                {
                    if (!end) break;
                    k = IndexOfGreaterThan(i + 1);
                    if (k < 0)
                    {
                        k = rawdata.IndexOf('<', i + 1);
                        if (k < 0) k = i + 1;
                    }
                    else
                    {
                        k += 1;
                    }
                    _sink.Data(rawdata[i..k]);
                }
                i = k;
            }
            else if (StartsWith(rawdata, "&#", i))
            {
                var match = CharRef().Match(rawdata, i);
                if (match.Success)
                {
                    _sink.CharRef(match.Value[2..^1]);
                    int k = match.Index + match.Length;
                    if (rawdata[k - 1] != ';') k -= 1;
                    i = k;
                    continue;
                }
                if (rawdata.IndexOf(';', i) >= 0)
                {
                    // bail by consuming "&#"
                    _sink.Data(rawdata.Substring(i, 2));
                    i += 2;
                }
                break;
            }
            else
            {
                var match = EntityRef().Match(rawdata, i);
                if (match.Success)
                {
                    _sink.EntityRef(match.Groups[1].Value);
                    int k = match.Index + match.Length;
                    if (rawdata[k - 1] != ';') k -= 1;
                    i = k;
                    continue;
                }
                match = Incomplete().Match(rawdata, i);
                if (match.Success)
                {
                    if (end && match.Length == n - i) i += 1;
                    break;
                }
                if (i + 1 < n)
                {
                    _sink.Data("&");
                    i += 1;
                }
                else break;
            }
        }
        if (end && i < n && _cdataElem is null)
        {
            _sink.Data(rawdata[i..n]);
            i = n;
        }
        SetRawData(rawdata[i..]);
    }

    /// <summary>
    /// Where a search for a closing mark from some offset found none, none is found from any later offset either. Python
    /// searches again for every unclosed <c>&lt;!--</c> or <c>&lt;![CDATA[</c> (then skips to the next <c>&gt;</c>), which is
    /// quadratic: 100,000 <c>&lt;!--x&gt;</c> in an <c>&lt;xmp&gt;</c> took 88 s. Remembering the failure gives the same
    /// answers in linear time. Reset whenever the buffer changes.
    /// </summary>
    private int _noGreaterThanFrom = int.MaxValue, _noCommentCloseFrom = int.MaxValue,
        _noMarkedSectionCloseFrom = int.MaxValue, _noMsMarkedSectionCloseFrom = int.MaxValue;

    private void SetRawData(string rawdata)
    {
        if (ReferenceEquals(rawdata, _rawdata)) return;
        _rawdata = rawdata;
        _noGreaterThanFrom = _noCommentCloseFrom = _noMarkedSectionCloseFrom = _noMsMarkedSectionCloseFrom = int.MaxValue;
    }

    private int IndexOfGreaterThan(int from)
    {
        if (from >= _noGreaterThanFrom) return -1;
        int at = _rawdata.IndexOf('>', from);
        if (at < 0) _noGreaterThanFrom = from;
        return at;
    }

    /// <summary>The end of the first match of <paramref name="close"/> at or after <paramref name="from"/>, or -1.</summary>
    private int SearchEnd(Regex close, ref int noMatchFrom, int from)
    {
        if (from >= noMatchFrom) return -1;
        foreach (var match in close.EnumerateMatches(_rawdata, from)) return match.Index + match.Length;
        noMatchFrom = from;
        return -1;
    }

    private static bool StartsWith(string s, string prefix, int at) => string.CompareOrdinal(s, at, prefix, 0, prefix.Length) == 0;

    private int ParseHtmlDeclaration(int i)
    {
        string rawdata = _rawdata;
        if (StartsWith(rawdata, "<!--", i)) return ParseComment(i);
        if (StartsWith(rawdata, "<![", i)) return ParseMarkedSection(i);
        if (rawdata.Length - i >= 9 && rawdata.AsSpan(i, 9).Equals("<!doctype", StringComparison.OrdinalIgnoreCase))
        {
            int gtpos = IndexOfGreaterThan(i + 9);
            return gtpos == -1 ? -1 : gtpos + 1;
        }
        return ParseBogusComment(i);
    }

    private int ParseBogusComment(int i)
    {
        int pos = IndexOfGreaterThan(i + 2);
        return pos == -1 ? -1 : pos + 1;
    }

    private int ParsePi(int i)
    {
        int pos = IndexOfGreaterThan(i + 2);
        return pos == -1 ? -1 : pos + 1;
    }

    private int ParseComment(int i)
    {
        return SearchEnd(CommentClose(), ref _noCommentCloseFrom, i + 4);
    }

    /// <summary><c>_markupbase.parse_marked_section</c>: <c>&lt;![CDATA[ … ]]&gt;</c> and MS Office's <c>&lt;![if …]&gt;</c>.</summary>
    private int ParseMarkedSection(int i)
    {
        string rawdata = _rawdata;
        int start = i + 3;
        if (start == rawdata.Length) return -1;
        var name = DeclName().Match(rawdata, start);
        if (!name.Success)
            throw new ExtractionException("html2text's parser rejects the page: a marked section '<![' has no name");
        if (start + name.Length == rawdata.Length) return -1;
        var keyword = PyText.Strip(name.Value).ToLowerInvariant();
        return keyword switch
        {
            "temp" or "cdata" or "ignore" or "include" or "rcdata" => SearchEnd(MarkedSectionClose(), ref _noMarkedSectionCloseFrom, start),
            "if" or "else" or "endif" => SearchEnd(MsMarkedSectionClose(), ref _noMsMarkedSectionCloseFrom, start),
            _ => throw new ExtractionException($"html2text's parser rejects the page: unknown marked section '<![{keyword}'"),
        };
    }

    private int ParseStartTag(int i)
    {
        int endpos = CheckForWholeStartTag(i);
        if (endpos < 0) return endpos;
        string rawdata = _rawdata;

        TagFind(rawdata, i + 1, out int nameEnd, out int k);
        string tag = LowerName(rawdata.AsSpan(i + 1, nameEnd - i - 1));
        var attrs = _attrs;
        attrs.Clear();
        while (k < endpos)
        {
            var m = AttrFind().Match(rawdata, k);
            if (!m.Success) break;
            string name = m.Groups[1].Value;
            string? value = m.Groups[3].Value;
            if (!m.Groups[2].Success || m.Groups[2].Length == 0)
            {
                value = null;
            }
            else if (value.Length >= 2 && ((value[0] == '\'' && value[^1] == '\'') || (value[0] == '"' && value[^1] == '"')))
            {
                value = value[1..^1];
            }
            if (!string.IsNullOrEmpty(value)) value = PythonHtmlEntities.Unescape(value);
            attrs.Add(new(name.ToLowerInvariant(), value));
            k = m.Index + m.Length;
        }

        string rest = PyText.Strip(rawdata[k..endpos]);
        if (rest is not (">" or "/>"))
        {
            _sink.Data(rawdata[i..endpos]);
            return endpos;
        }
        if (rest.EndsWith("/>", StringComparison.Ordinal))
        {
            _sink.StartTag(tag, attrs);
            _sink.EndTag(tag);
        }
        else
        {
            _sink.StartTag(tag, attrs);
            if (tag is "script" or "style") _cdataElem = tag;
        }
        return endpos;
    }

    private int CheckForWholeStartTag(int i)
    {
        string rawdata = _rawdata;
        int j = i;
        foreach (var m in LocateStartTagEnd().EnumerateMatches(rawdata, i))
        {
            j = m.Index + m.Length;
            break;
        }
        if (j == rawdata.Length) return -1;
        char next = rawdata[j];
        if (next == '>') return j + 1;
        if (next == '/')
        {
            if (StartsWith(rawdata, "/>", j)) return j + 2;
            return -1;
        }
        if (next is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '=' or '/') return -1;
        return j > i ? j : i + 1;
    }

    private int ParseEndTag(int i)
    {
        string rawdata = _rawdata;
        int gt = IndexOfGreaterThan(i + 1);
        if (gt < 0) return -1;
        int gtpos = gt + 1;
        if (!EndTagFind(rawdata, i, out int elemStart, out int elemEnd))
        {
            if (_cdataElem is not null)
            {
                _sink.Data(rawdata[i..gtpos]);
                return gtpos;
            }
            if (!TagFind(rawdata, i + 2, out int nameEnd, out int afterName))
            {
                if (StartsWith(rawdata, "</>", i)) return i + 3;
                return ParseBogusComment(i);
            }
            string tagName = LowerName(rawdata.AsSpan(i + 2, nameEnd - i - 2));
            int close = rawdata.IndexOf('>', afterName);
            _sink.EndTag(tagName);
            return close + 1;
        }

        string elem = LowerName(rawdata.AsSpan(elemStart, elemEnd - elemStart));
        if (_cdataElem is not null && elem != _cdataElem)
        {
            _sink.Data(rawdata[i..gtpos]);
            return gtpos;
        }
        _sink.EndTag(elem);
        _cdataElem = null;
        return gtpos;
    }

    /// <summary>
    /// <c>tagfind_tolerant.match(rawdata, at)</c>: <c>([a-zA-Z][^\t\n\r\f /&gt;\x00]*)(?:\s|/(?!&gt;))*</c>; the name ends
    /// at <paramref name="nameEnd"/>, the match at <paramref name="end"/>. Greedy with nothing after it, so it never
    /// backtracks, and a loop is the expression.
    /// </summary>
    private static bool TagFind(string s, int at, out int nameEnd, out int end)
    {
        nameEnd = end = at;
        if (at >= s.Length || !char.IsAsciiLetter(s[at])) return false;
        int k = at + 1;
        while (k < s.Length && s[k] is not ('\t' or '\n' or '\r' or '\f' or ' ' or '/' or '>' or '\0')) k++;
        nameEnd = k;
        while (k < s.Length && (PyText.IsWhiteSpace(s[k]) || (s[k] == '/' && (k + 1 == s.Length || s[k + 1] != '>')))) k++;
        end = k;
        return true;
    }

    /// <summary>
    /// <c>endtagfind.match(rawdata, at)</c>: <c>&lt;/\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*&gt;</c>. White space, the name's
    /// characters and <c>&gt;</c> are disjoint, so the expression cannot backtrack into a match; a loop is the same.
    /// </summary>
    private static bool EndTagFind(string s, int at, out int nameStart, out int nameEnd)
    {
        int k = at + 2;
        while (k < s.Length && PyText.IsWhiteSpace(s[k])) k++;
        nameStart = nameEnd = k;
        if (k >= s.Length || !char.IsAsciiLetter(s[k])) return false;
        k++;
        while (k < s.Length && (char.IsAsciiLetterOrDigit(s[k]) || s[k] is '-' or '.' or ':' or '_')) k++;
        nameEnd = k;
        while (k < s.Length && PyText.IsWhiteSpace(s[k])) k++;
        return k < s.Length && s[k] == '>';
    }

    /// <summary>A tag name in lower case (<c>str.lower()</c>); the names of HTML's elements come from one table.</summary>
    private static string LowerName(ReadOnlySpan<char> name)
    {
        if (KnownNames.TryGetValue(name, out var known)) return known;
        return name.ToString().ToLowerInvariant();
    }

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> KnownNames = BuildKnownNames();

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BuildKnownNames()
    {
        string[] names =
        [
            "a", "abbr", "address", "area", "article", "aside", "b", "blockquote", "body", "br", "button", "caption", "center",
            "cite", "code", "col", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "embed", "figcaption", "figure",
            "font", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "i", "iframe", "img",
            "input", "ins", "kbd", "label", "li", "main", "mark", "nav", "nobr", "ol", "p", "picture", "pre", "q", "s",
            "section", "small", "source", "span", "strike", "strong", "style", "sub", "sup", "svg", "table", "tbody", "td",
            "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "video", "wbr", "script", "xmp", "noembed", "noframes",
            "plaintext", "textarea", "select", "option",
        ];
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names) table[name] = name;
        return table.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
