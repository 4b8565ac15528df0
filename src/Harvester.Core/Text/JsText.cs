using System.Text;

namespace Harvester.Core.Text;

/// <summary>String operations with JavaScript's semantics (whitespace set of <c>\s</c> and <c>String.prototype.trim</c>).</summary>
internal static class JsText
{
    /// <summary>True for the characters JavaScript's <c>\s</c> and <c>trim()</c> treat as white space.</summary>
    /// <remarks>Inlined where text is measured character by character: printable ASCII, most of any page, is decided by
    /// two comparisons.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool IsWhiteSpace(char c) => c <= ' ' ? c == ' ' || (uint)(c - '\t') <= '\r' - '\t' : c >= '\u00A0' && IsNonAsciiWhiteSpace(c);

    private static bool IsNonAsciiWhiteSpace(char c) => c switch
    {
        '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    public static string Trim(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsWhiteSpace(s[start])) start++;
        while (end > start && IsWhiteSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary>Length of <c>s.trim()</c> without allocating.</summary>
    public static int TrimmedLength(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsWhiteSpace(s[start])) start++;
        while (end > start && IsWhiteSpace(s[end - 1])) end--;
        return end - start;
    }

    /// <summary><c>s.replace(/\s{2,}/g, " ")</c>.</summary>
    public static string CollapseRuns(string s)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < s.Length; i++)
        {
            if (IsWhiteSpace(s[i]) && i + 1 < s.Length && IsWhiteSpace(s[i + 1]))
            {
                sb ??= new StringBuilder(s.Length).Append(s, 0, i);
                int j = i;
                while (j < s.Length && IsWhiteSpace(s[j])) j++;
                sb.Append(' ');
                i = j - 1;
            }
            else
            {
                sb?.Append(s[i]);
            }
        }
        return sb?.ToString() ?? s;
    }

    /// <summary><c>s.trim().replace(/\s{2,}/g, " ")</c>: Readability's <c>_getInnerText</c>.</summary>
    public static string TrimAndCollapse(string s) => CollapseRuns(Trim(s));

    /// <summary><c>str.split(/\s+/).length</c>.</summary>
    public static int SplitWhiteSpaceCount(string s)
    {
        int count = 1;
        for (int i = 0; i < s.Length; i++)
        {
            if (IsWhiteSpace(s[i]))
            {
                count++;
                while (i + 1 < s.Length && IsWhiteSpace(s[i + 1])) i++;
            }
        }
        return count;
    }

    /// <summary>True when the text is empty or only white space (<c>/^\s*$/</c>).</summary>
    public static bool IsBlank(string s)
    {
        foreach (var c in s)
        {
            if (!IsWhiteSpace(c)) return false;
        }
        return true;
    }
}
