using System.Text.RegularExpressions;

namespace Harvester.Core.Html2Text;

/// <summary>html2text's <c>escape_md</c> and <c>escape_md_section</c> (non-snob), with Python's <c>\s</c> class.</summary>
internal static partial class MarkdownEscaper
{
    // Python's \s for str patterns (str.isspace()).
    private const string Space = @"[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

    /// <summary><c>escape_md</c>: backslash before <c>\ [ ] ( )</c>, inside link targets and titles.</summary>
    public static string EscapeMd(string text) => MdChars().Replace(text, @"\$1");

    /// <summary><c>escape_md_section</c>: escapes that keep running text from reading as Markdown syntax.</summary>
    public static string EscapeMdSection(string text)
    {
        if (text.IndexOf('\\') >= 0) text = Backslash().Replace(text, @"\$1");
        if (text.IndexOf('.') >= 0) text = Dot().Replace(text, @"$1\$2");
        if (text.IndexOf('+') >= 0) text = Plus().Replace(text, @"$1\$2");
        if (text.IndexOf('-') >= 0) text = Dash().Replace(text, @"$1\$2");
        return text;
    }

    [GeneratedRegex(@"([\\\[\]\(\)])")]
    private static partial Regex MdChars();

    [GeneratedRegex(@"(\\)(?=[\\`*_{}\[\]()#+\-.!])")]
    private static partial Regex Backslash();

    [GeneratedRegex("^(" + Space + @"*\d+)(\.)(?=" + Space + ")", RegexOptions.Multiline)]
    private static partial Regex Dot();

    [GeneratedRegex("^(" + Space + @"*)(\+)(?=" + Space + ")", RegexOptions.Multiline)]
    private static partial Regex Plus();

    [GeneratedRegex("^(" + Space + @"*)(-)(?=" + Space + @"|\-)", RegexOptions.Multiline)]
    private static partial Regex Dash();
}
