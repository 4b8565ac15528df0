namespace Harvester.Core.Text;

/// <summary>String operations with Python 3's semantics (<c>str.isspace</c>, <c>\s</c> in str patterns, <c>strip</c>).</summary>
internal static class PyText
{
    /// <summary>True for the characters Python's <c>str.isspace()</c> and the <c>\s</c> class accept.</summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\u001C' and <= '\u0020' => true,
        '\u0085' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsWhiteSpace(s[start])) start++;
        while (end > start && IsWhiteSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s[start..end];
    }

    /// <summary><c>re.sub(r"\s+", " ", s)</c>.</summary>
    public static string CollapseWhiteSpace(string s)
    {
        int i = 0;
        while (i < s.Length && !IsWhiteSpace(s[i])) i++;
        if (i == s.Length) return s;
        var sb = new System.Text.StringBuilder(s.Length);
        sb.Append(s, 0, i);
        for (; i < s.Length; i++)
        {
            if (IsWhiteSpace(s[i]))
            {
                sb.Append(' ');
                while (i + 1 < s.Length && IsWhiteSpace(s[i + 1])) i++;
            }
            else
            {
                sb.Append(s[i]);
            }
        }
        return sb.ToString();
    }
}
