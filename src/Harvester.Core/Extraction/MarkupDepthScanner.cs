using Harvester.Core.Dom;

namespace Harvester.Core.Extraction;

/// <summary>
/// Estimates how deeply a page's markup nests, from the raw text and before parsing: an HTML tree builder spends
/// time proportional to the nesting depth on every tag, so pathological nesting must be refused up front.
/// Elements that close implicitly (p, li, td, option...) and void elements do not count; comments and what the
/// tokenizer reads as text (script, style, xmp, textarea, title and their kin, all after plaintext) are skipped.
/// Formatting elements (font, b, i, a...) are counted apart against a ten times higher bound: old pages leave
/// thousands of them unclosed, and parsers keep those shallow (they are reopened per block, at most three alike), so
/// only absurd nesting of them is refused here.
/// </summary>
internal static class MarkupDepthScanner
{
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option",
        "optgroup", "colgroup", "rb", "rt", "rtc", "rp", "html", "head", "body",
    };

    private static readonly HashSet<string> Formatting = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    /// <summary>How many times deeper formatting elements may nest than other elements.</summary>
    public const int FormattingAllowance = 10;

    /// <summary>
    /// The deepest nesting seen, stopping early once it passes <paramref name="limit"/>; formatting elements count
    /// one tenth (see <see cref="FormattingAllowance"/>).
    /// </summary>
    public static int MaxDepth(string html, int limit)
    {
        int depth = 0, formatting = 0, max = 0;
        int i = 0;
        while ((i = html.IndexOf('<', i)) >= 0 && i + 1 < html.Length)
        {
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                int end = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                if (end < 0) break;
                i = end + 3;
                continue;
            }
            bool closing = html[i + 1] == '/';
            int nameStart = i + (closing ? 2 : 1);
            int nameEnd = nameStart;
            while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd])) nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i++;
                continue;
            }
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            int close = html.IndexOf('>', nameEnd);
            if (close < 0) break;
            bool isFormatting = Formatting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);
            if (closing)
            {
                if (isFormatting)
                {
                    if (formatting > 0) formatting--;
                }
                else if (!NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name) && depth > 0)
                {
                    depth--;
                }
            }
            else if (name.Equals("plaintext", StringComparison.OrdinalIgnoreCase))
            {
                break; // the rest of the page is its text
            }
            else if (RawTextElements.Contains(name))
            {
                int end = html.IndexOf("</" + name.ToString(), close, StringComparison.OrdinalIgnoreCase);
                if (end < 0) break;
                i = end;
                continue;
            }
            else if (html[close - 1] != '/' && !NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                if (isFormatting) formatting++;
                else depth++;
                int effective = depth + formatting / FormattingAllowance;
                if (effective > max)
                {
                    max = effective;
                    if (max > limit) return max;
                }
            }
            i = close + 1;
        }
        return max;
    }
}
