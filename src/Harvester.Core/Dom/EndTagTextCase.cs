using AngleSharp.Dom;
using AngleSharp.Text;

namespace Harvester.Core.Dom;

/// <summary>
/// Gives back the case of end tags that the text of a <c>&lt;title&gt;</c>, a <c>&lt;textarea&gt;</c> or a raw-text
/// element holds. Inside them an end tag other than their own is text, and the tokenizer keeps it as typed: jsdom's
/// title of <c>&lt;title&gt;&lt;B&gt;Privacy&lt;/B&gt;&lt;/title&gt;</c> is <c>&lt;B&gt;Privacy&lt;/B&gt;</c>;
/// AngleSharp 1.10 writes the name in lower case, <c>&lt;/b&gt;</c>, and the title heads every Markdown file. The
/// names are read from the page's text, at the tag's place. (<c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> are left:
/// Readability removes them.)
/// </summary>
internal sealed class EndTagTextCase(string html)
{
    private List<(IElement Element, int At)>? _elements;

    /// <summary>Each element as AngleSharp makes it, with its start tag's place (1-based, in the text as given).</summary>
    public void Created(IElement element, TextPosition position)
    {
        if (element.LocalName is "title" or "textarea" or "xmp" or "iframe" or "noembed" or "noframes" or "plaintext" &&
            element.NamespaceUri == NamespaceNames.HtmlUri)
        {
            (_elements ??= []).Add((element, position.Position - 1));
        }
    }

    /// <summary>Once the tree is built: each such element whose text holds an end tag gets its names as typed.</summary>
    public void Restore()
    {
        if (_elements is null) return;
        foreach (var (element, at) in _elements)
        {
            if (element.ChildNodes.Length != 1 || element.FirstChild is not IText text || !text.Data.Contains("</", StringComparison.Ordinal)) continue;
            var name = element.LocalName;
            if (TagText.NameEnd(html, at, name, endTagToo: false) is not { } nameEnd || TagText.End(html, nameEnd) is not { } start) continue;
            if (Restored(text.Data, html.AsSpan(start, OwnEndTag(start, name) - start)) is { } restored) text.Data = restored;
        }
    }

    /// <summary>Where the element's own end tag starts (the tokenizer's "appropriate end tag"), or the page's end.</summary>
    private int OwnEndTag(int from, string name)
    {
        if (name == "plaintext") return html.Length;
        for (int i = html.IndexOf("</", from, StringComparison.Ordinal); i >= 0; i = html.IndexOf("</", i + 2, StringComparison.Ordinal))
        {
            if (TagText.NameEnd(html, i, name, endTagToo: true) is not null) return i;
        }
        return html.Length;
    }

    /// <summary>
    /// The text with the letters after each <c>&lt;/</c> as the source has them; null when the two do not pair up (a
    /// character reference such as <c>&amp;lt;/b</c> made one in the text).
    /// </summary>
    private static string? Restored(string text, ReadOnlySpan<char> source)
    {
        char[]? result = null;
        int t = 0, s = 0;
        while (true)
        {
            t = NextEndTag(text, t);
            s = NextEndTag(source, s);
            if (t < 0 || s < 0)
            {
                if (t != s) return null;
                break;
            }
            t += 2;
            s += 2;
            for (; t < text.Length && s < source.Length && char.IsAsciiLetter(source[s]); t++, s++)
            {
                if (text[t] == source[s]) continue;
                if (char.ToLowerInvariant(source[s]) != text[t]) return null;
                (result ??= text.ToCharArray())[t] = source[s];
            }
        }
        return result is null ? null : new string(result);
    }

    private static int NextEndTag(ReadOnlySpan<char> span, int from)
    {
        for (int i = span[from..].IndexOf("</", StringComparison.Ordinal); i >= 0; i = span[from..].IndexOf("</", StringComparison.Ordinal))
        {
            int at = from + i;
            if (at + 2 < span.Length && char.IsAsciiLetter(span[at + 2])) return at;
            from = at + 2;
        }
        return -1;
    }
}
