using System.Text.RegularExpressions;
using AngleSharp.Html;

namespace Harvester.Core.Html2Text;

/// <summary>
/// Python 3.11's <c>html.unescape</c> and its <c>html.entities.html5</c> table (the HTML standard's named references,
/// the same table AngleSharp carries: every one of its 2,231 names resolves alike).
/// </summary>
internal static partial class PythonHtmlEntities
{
    [GeneratedRegex(@"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")]
    private static partial Regex CharRef();

    /// <summary><c>html._invalid_charrefs</c>: what the standard reads the C1 controls, NUL and CR as.</summary>
    private static readonly Dictionary<int, string> InvalidCharRefs = new()
    {
        [0x00] = "\uFFFD", [0x0D] = "\r", [0x80] = "\u20AC", [0x81] = "\u0081", [0x82] = "\u201A", [0x83] = "\u0192",
        [0x84] = "\u201E", [0x85] = "\u2026", [0x86] = "\u2020", [0x87] = "\u2021", [0x88] = "\u02C6", [0x89] = "\u2030",
        [0x8A] = "\u0160", [0x8B] = "\u2039", [0x8C] = "\u0152", [0x8D] = "\u008D", [0x8E] = "\u017D", [0x8F] = "\u008F",
        [0x90] = "\u0090", [0x91] = "\u2018", [0x92] = "\u2019", [0x93] = "\u201C", [0x94] = "\u201D", [0x95] = "\u2022",
        [0x96] = "\u2013", [0x97] = "\u2014", [0x98] = "\u02DC", [0x99] = "\u2122", [0x9A] = "\u0161", [0x9B] = "\u203A",
        [0x9C] = "\u0153", [0x9D] = "\u009D", [0x9E] = "\u017E", [0x9F] = "\u0178",
    };

    /// <summary>The value of <c>html.entities.html5[name]</c> (<paramref name="name"/> with or without its <c>;</c>), or null.</summary>
    public static string? Lookup(string name) => HtmlEntityProvider.Resolver.GetSymbol(name);

    public static string Unescape(string s) => s.Contains('&') ? CharRef().Replace(s, m => Replace(m.Groups[1].Value)) : s;

    private static string Replace(string s)
    {
        if (s[0] == '#')
        {
            bool hex = s[1] is 'x' or 'X';
            return CodePoint(CodePointValue(s.AsSpan(hex ? 2 : 1).TrimEnd(';'), hex));
        }
        if (Lookup(s) is { } value) return value;
        for (int x = s.Length - 1; x > 1; x--)
        {
            if (Lookup(s[..x]) is { } prefix) return prefix + s[x..];
        }
        return "&" + s;
    }

    /// <summary>
    /// The value of a character reference's decimal or hex digits; any value past U+10FFFF stands for all of them
    /// (Python's integers do not overflow, and every such value is refused alike).
    /// </summary>
    public static long CodePointValue(ReadOnlySpan<char> digits, bool hex)
    {
        long value = 0;
        foreach (char d in digits)
        {
            value = value * (hex ? 16 : 10) + (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
            if (value > 0x10FFFF) break;
        }
        return value;
    }

    private static string CodePoint(long num)
    {
        if (InvalidCharRefs.TryGetValue((int)Math.Min(num, int.MaxValue), out var replacement)) return replacement;
        if (num is >= 0xD800 and <= 0xDFFF || num > 0x10FFFF) return "\uFFFD";
        if (IsInvalidCodePoint((int)num)) return string.Empty;
        return char.ConvertFromUtf32((int)num);
    }

    /// <summary><c>html._invalid_codepoints</c>: controls, the noncharacters U+FDD0..U+FDEF and every U+xFFFE/U+xFFFF.</summary>
    private static bool IsInvalidCodePoint(int cp) =>
        cp is (>= 0x1 and <= 0x8) or 0xB or (>= 0xE and <= 0x1F) or (>= 0x7F and <= 0x9F) or (>= 0xFDD0 and <= 0xFDEF)
        || (cp & 0xFFFE) == 0xFFFE;
}
