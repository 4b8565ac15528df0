using System.Text;
using AngleSharp.Dom;

namespace Harvester.Core.Readability;

/// <summary>
/// <c>new URL(input, base).href</c> by the WHATWG URL Standard, the call Readability makes for every link. AngleSharp's
/// <see cref="Url"/> does most of the work; this type applies the standard's rules where AngleSharp departs from them:
/// a reference that names a special scheme is absolute unless it is the base's scheme without slashes
/// (<c>https://go.example.com?id=1</c> keeps its own empty path, <c>http:page.html</c> is relative), a special URL
/// without a host is a failure, and the path and fragment percent-encode sets are applied in full
/// (<c>{</c>, <c>}</c> in paths; space, quotes, angle brackets, backticks and non-ASCII in fragments).
/// Checked against Node's URL over <c>tests/Harvester.Tests/Specs/whatwg-url-cases.json</c>.
/// </summary>
internal static class WhatwgUrlResolver
{
    private static readonly HashSet<string> SpecialSchemes = ["http", "https", "ws", "wss", "ftp", "file"];

    /// <summary>The resolved URL, or null where the standard's parser fails (Readability then keeps the href as written).</summary>
    public static string? Resolve(string input, Url baseUrl)
    {
        input = Clean(input);
        var scheme = SchemeOf(input);
        Url resolved;
        if (scheme is null)
        {
            resolved = new Url(baseUrl, input);
        }
        else if (!SpecialSchemes.Contains(scheme))
        {
            resolved = new Url(input);
        }
        else
        {
            var rest = input[(scheme.Length + 1)..];
            bool hasSlashes = rest.Length >= 2 && IsSlash(rest[0]) && IsSlash(rest[1]);
            if (scheme == baseUrl.Scheme && !hasSlashes)
            {
                // "special relative or authority state": the base's scheme without "//" is a relative reference.
                if (rest.Length == 0) return WithoutFragment(baseUrl.Href);
                resolved = new Url(baseUrl, rest);
            }
            else
            {
                if (scheme != "file" && AuthorityOf(rest).Length == 0) return null;
                resolved = new Url(input);
            }
        }
        return resolved.IsInvalid ? null : EncodeRemaining(resolved.Href);
    }

    /// <summary>The standard's first steps: no leading or trailing C0 controls or spaces, no tabs or newlines at all.</summary>
    private static string Clean(string input)
    {
        input = input.Trim(TrimmedChars);
        if (input.AsSpan().IndexOfAny('\t', '\n', '\r') < 0) return input;
        return input.Replace("\t", string.Empty, StringComparison.Ordinal)
            .Replace("\n", string.Empty, StringComparison.Ordinal)
            .Replace("\r", string.Empty, StringComparison.Ordinal);
    }

    private static readonly char[] TrimmedChars = [.. Enumerable.Range(0, 0x21).Select(i => (char)i)];

    private static string? SchemeOf(string input)
    {
        if (input.Length == 0 || !char.IsAsciiLetter(input[0])) return null;
        for (int i = 1; i < input.Length; i++)
        {
            char c = input[i];
            if (c == ':') return input[..i].ToLowerInvariant();
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.')) return null;
        }
        return null;
    }

    private static bool IsSlash(char c) => c is '/' or '\\';

    private static string AuthorityOf(string rest)
    {
        int start = 0;
        while (start < rest.Length && IsSlash(rest[start])) start++;
        int end = rest.AsSpan(start).IndexOfAny("/\\?#");
        return end < 0 ? rest[start..] : rest.Substring(start, end);
    }

    private static string WithoutFragment(string href)
    {
        int hash = href.IndexOf('#');
        return hash < 0 ? href : href[..hash];
    }

    /// <summary>Percent-encodes what AngleSharp leaves raw: <c>{ }</c> in a special URL's path, and the fragment set.</summary>
    private static string EncodeRemaining(string href)
    {
        int hash = href.IndexOf('#');
        var beforeFragment = hash < 0 ? href : href[..hash];
        int query = beforeFragment.IndexOf('?');
        var beforeQuery = query < 0 ? beforeFragment : beforeFragment[..query];
        bool pathNeedsEncoding = beforeQuery.AsSpan().IndexOfAny('{', '}') >= 0 && SchemeOf(href) is { } s && SpecialSchemes.Contains(s);
        bool fragmentNeedsEncoding = hash >= 0 && href.AsSpan(hash + 1).ContainsAnyExcept(FragmentKept);
        if (!pathNeedsEncoding && !fragmentNeedsEncoding) return href;

        var sb = new StringBuilder(href.Length + 16);
        if (pathNeedsEncoding)
        {
            int pathStart = beforeQuery.IndexOf("//", StringComparison.Ordinal) is var authority and >= 0
                ? beforeQuery.IndexOf('/', authority + 2) : beforeQuery.IndexOf(':') + 1;
            if (pathStart < 0) pathStart = beforeQuery.Length;
            sb.Append(beforeQuery, 0, pathStart);
            foreach (char c in beforeQuery.AsSpan(pathStart))
            {
                if (c == '{') sb.Append("%7B");
                else if (c == '}') sb.Append("%7D");
                else sb.Append(c);
            }
        }
        else
        {
            sb.Append(beforeQuery);
        }
        sb.Append(beforeFragment, beforeQuery.Length, beforeFragment.Length - beforeQuery.Length);
        if (hash >= 0)
        {
            sb.Append('#');
            AppendFragment(sb, href.AsSpan(hash + 1));
        }
        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> FragmentKept = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range('!', '~' - '!' + 1).Select(i => (char)i).Where(c => c is not ('"' or '<' or '>' or '`'))]);

    /// <summary>The fragment percent-encode set: C0 controls, space, <c>" &lt; &gt; `</c>, and everything beyond ASCII (as UTF-8).</summary>
    private static void AppendFragment(StringBuilder sb, ReadOnlySpan<char> fragment)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < fragment.Length; i++)
        {
            char c = fragment[i];
            if (FragmentKept.Contains(c))
            {
                sb.Append(c);
                continue;
            }
            int length;
            if (char.IsHighSurrogate(c) && i + 1 < fragment.Length && char.IsLowSurrogate(fragment[i + 1]))
            {
                length = Encoding.UTF8.GetBytes(fragment.Slice(i, 2), utf8);
                i++;
            }
            else
            {
                length = Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString(), utf8);
            }
            foreach (var b in utf8[..length]) sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
