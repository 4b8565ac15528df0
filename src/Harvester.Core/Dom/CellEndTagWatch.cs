using AngleSharp.Dom;
using AngleSharp.Text;

namespace Harvester.Core.Dom;

/// <summary>
/// Watches one parse for table cells that AngleSharp closed at the other cell's end tag: a <c>&lt;th&gt;</c> at
/// <c>&lt;/td&gt;</c>, a <c>&lt;td&gt;</c> at <c>&lt;/th&gt;</c>. AngleSharp 1.10 closes the open cell at either; jsdom
/// (and the standard) ignore an end tag whose cell is not open, so what follows stays in the cell: the white space
/// before the next cell, or, in a layout table, the rest of a navigation column. The end tag's place is found by
/// reading the cell's markup from its start tag to where jsdom closes the cell; a comment is skipped, and a
/// table inside the cell is read past to its end; a cell whose markup holds raw text, a template or foreign
/// content before the end tag is left as AngleSharp built it.
/// </summary>
internal sealed class CellEndTagWatch(string html)
{
    private List<(string Name, int At)>? _cells;

    /// <summary>Each element as AngleSharp makes it, with its start tag's place (1-based, in the text as given).</summary>
    public void Created(IElement element, TextPosition position)
    {
        if (element.LocalName is "td" or "th" && element.NamespaceUri == NamespaceNames.HtmlUri)
        {
            (_cells ??= []).Add((element.LocalName, position.Position - 1));
        }
    }

    /// <summary>Where each end tag that closed a cell of the other name starts, and where it ends.</summary>
    public List<(int At, int End)> Mismatched()
    {
        var found = new List<(int, int)>();
        if (_cells is null) return found;
        // Most pages hold no </th> at all, and so no <td> closed by one.
        bool thEnds = html.Contains("</th", StringComparison.OrdinalIgnoreCase), tdEnds = html.Contains("</td", StringComparison.OrdinalIgnoreCase);
        foreach (var (name, at) in _cells)
        {
            if (!(name == "td" ? thEnds : tdEnds)) continue;
            if (MismatchedEndTag(name, at) is { } tag) found.Add(tag);
        }
        return found;
    }

    /// <summary>
    /// Reads the cell's markup tag by tag up to where jsdom closes the cell: the other cell's end tag, if it comes first.
    /// </summary>
    private (int At, int End)? MismatchedEndTag(string cellName, int at)
    {
        string other = cellName == "td" ? "th" : "td";
        if (TagText.NameEnd(html, at, cellName, endTagToo: false) is not { } nameEnd || TagText.End(html, nameEnd) is not { } i) return null;
        int tables = 0;
        while ((i = html.IndexOf('<', i)) >= 0)
        {
            if (i + 1 >= html.Length) return null;
            char c = html[i + 1];
            if (c == '!' || c == '?')
            {
                if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
                {
                    if (i + 4 < html.Length && html[i + 4] == '>') { i += 5; continue; }
                    if (i + 5 < html.Length && html[i + 4] == '-' && html[i + 5] == '>') { i += 6; continue; }
                    int close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                    if (close < 0 || html.IndexOf("--!>", i + 4, close - i - 4, StringComparison.Ordinal) >= 0) return null;
                    i = close + 3;
                }
                else if (string.Compare(html, i, "<![CDATA[", 0, 9, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    return null;
                }
                else
                {
                    int close = html.IndexOf('>', i);
                    if (close < 0) return null;
                    i = close + 1;
                }
                continue;
            }
            bool end = c == '/';
            int nameStart = end ? i + 2 : i + 1;
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                if (!end) { i++; continue; } // "<" as text
                int close = html.IndexOf('>', i); // "</>" or "</ x>": ignored, or a bogus comment
                if (close < 0) return null;
                i = close + 1;
                continue;
            }
            int nameStop = nameStart;
            while (nameStop < html.Length && !HtmlSpace.Is(html[nameStop]) && html[nameStop] is not ('/' or '>')) nameStop++;
            var name = html.AsSpan(nameStart, nameStop - nameStart);
            if (TagText.End(html, nameStop) is not { } tagEnd) return null;
            if (name.Equals("table", StringComparison.OrdinalIgnoreCase))
            {
                // A table inside the cell: its own cells and end tags are its own, up to its </table>.
                tables += end ? -1 : 1;
                if (tables < 0) return null;
            }
            else if (tables > 0)
            {
                if (!end && ChangesHowTheRestIsRead(name)) return null;
            }
            else if (end)
            {
                if (name.Equals(other, StringComparison.OrdinalIgnoreCase)) return (i, tagEnd);
                if (ClosesTheCell(name, cellName)) return null;
            }
            else if (ChangesHowTheRestIsRead(name) || StartsAnotherCell(name))
            {
                return null;
            }
            i = tagEnd;
        }
        return null;
    }

    private static bool ClosesTheCell(ReadOnlySpan<char> endTag, string cellName) =>
        endTag.Equals(cellName, StringComparison.OrdinalIgnoreCase) || IsOneOf(endTag, "tr", "tbody", "thead", "tfoot", "table", "caption");

    private static bool StartsAnotherCell(ReadOnlySpan<char> startTag) =>
        IsOneOf(startTag, "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "col", "colgroup");

    private static bool ChangesHowTheRestIsRead(ReadOnlySpan<char> startTag) =>
        RawTextElements.Contains(startTag) || IsOneOf(startTag, "plaintext", "template", "svg", "math");

    private static bool IsOneOf(ReadOnlySpan<char> name, params ReadOnlySpan<string> names)
    {
        foreach (var candidate in names)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
