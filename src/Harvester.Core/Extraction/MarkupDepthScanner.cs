namespace Harvester.Core.Extraction;

/// <summary>
/// Estimates how deeply a page's markup nests, from the raw text and before parsing: an HTML tree builder spends
/// time proportional to the nesting depth on every tag, so pathological nesting must be refused up front.
/// Elements that close implicitly (p, li, td, option...) and void elements do not count; comments and the
/// contents of script and style are skipped.
/// </summary>
internal static class MarkupDepthScanner
{
    private static readonly HashSet<string> NotNesting = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "td", "th", "tr", "tbody", "thead", "tfoot", "option",
        "optgroup", "colgroup", "rb", "rt", "rtc", "rp", "html", "head", "body",
    };

    /// <summary>The deepest nesting seen, stopping early once it passes <paramref name="limit"/>.</summary>
    public static int MaxDepth(string html, int limit)
    {
        int depth = 0, max = 0;
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
            if (closing)
            {
                if (!NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name) && depth > 0) depth--;
            }
            else if (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase))
            {
                int end = html.IndexOf("</" + name.ToString(), close, StringComparison.OrdinalIgnoreCase);
                if (end < 0) break;
                i = end;
                continue;
            }
            else if (html[close - 1] != '/' && !NotNesting.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name))
            {
                if (++depth > max)
                {
                    max = depth;
                    if (max > limit) return max;
                }
            }
            i = close + 1;
        }
        return max;
    }
}
