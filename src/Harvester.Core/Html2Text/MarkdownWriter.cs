using System.Text;
using Harvester.Core.Text;

namespace Harvester.Core.Html2Text;

/// <summary>
/// All output state of html2text's <c>HTML2Text.o()</c>: pending paragraph breaks, pending space, blockquote and
/// pre indentation, the abbreviation log. Writes <c>\n</c> line ends only.
/// </summary>
internal sealed class MarkdownWriter
{
    /// <summary>html2text replaces &amp;nbsp; by this marker and turns it into a space at the very end.</summary>
    public const string NbspPlaceholder = "&nbsp_place_holder;";

    private readonly StringBuilder _out = new();
    private bool _lastWasNewLine;

    public int Quiet { get; set; }
    /// <summary>Newlines to print before the next output (html2text's <c>p_p</c>).</summary>
    public int PendingBreaks { get; set; }
    public bool Start { get; set; } = true;
    public bool Space { get; set; }
    public int Blockquote { get; set; }
    public bool Pre { get; set; }
    public bool StartPre { get; set; }
    public string BrToggle { get; set; } = string.Empty;
    public int ListDepth { get; set; }
    public StringBuilder? AbbrData { get; set; }
    public List<KeyValuePair<string, string>> AbbrList { get; } = [];

    /// <summary><c>pbr()</c>: at least one line break before the next output.</summary>
    public void LineBreak()
    {
        if (PendingBreaks == 0) PendingBreaks = 1;
    }

    /// <summary><c>p()</c>: a paragraph break (two newlines) before the next output.</summary>
    public void ParagraphBreak() => PendingBreaks = 2;

    /// <summary><c>soft_br()</c>.</summary>
    public void SoftBreak()
    {
        LineBreak();
        BrToggle = "  ";
    }

    /// <summary>html2text's <c>o(data, puredata, force)</c>; <paramref name="force"/> is <c>True</c> or <c>"end"</c>.</summary>
    public void Write(string data, bool pureData = false, bool force = false, bool end = false)
    {
        AbbrData?.Append(data);
        if (Quiet != 0) return;

        if (pureData && !Pre)
        {
            data = PyText.CollapseWhiteSpace(data);
            if (data.Length > 0 && data[0] == ' ')
            {
                Space = true;
                data = data[1..];
            }
        }
        if (data.Length == 0 && !force && !end) return;

        if (StartPre && !data.StartsWith('\n') && !data.StartsWith("\r\n", StringComparison.Ordinal))
        {
            data = "\n" + data;
        }

        // More </blockquote> than <blockquote> (from raw text html2text reads as tags) make the count negative:
        // Python's ">" * -1 is empty, and a negative count is still true.
        var bq = new string('>', Math.Max(Blockquote, 0));
        if (!(force && data.Length > 0 && data[0] == '>') && Blockquote != 0) bq += " ";

        if (Pre)
        {
            if (ListDepth == 0) bq += "    ";
            for (int i = 0; i < ListDepth; i++) bq += "    ";
            data = data.Replace("\n", "\n" + bq, StringComparison.Ordinal);
        }

        if (StartPre)
        {
            StartPre = false;
            if (ListDepth > 0) data = data.TrimStart('\n');
        }

        if (Start)
        {
            Space = false;
            PendingBreaks = 0;
            Start = false;
        }

        if (end)
        {
            PendingBreaks = 0;
            Out("\n");
            Space = false;
        }

        if (PendingBreaks > 0)
        {
            var chunk = BrToggle + "\n" + bq;
            for (int i = 0; i < PendingBreaks; i++) Out(chunk);
            Space = false;
            BrToggle = string.Empty;
        }

        if (Space)
        {
            if (!_lastWasNewLine) Out(" ");
            Space = false;
        }

        if (end && AbbrList.Count > 0)
        {
            foreach (var (abbr, definition) in AbbrList) Out("  *[" + abbr + "]: " + definition + "\n");
        }

        PendingBreaks = 0;
        Out(data);
    }

    private void Out(string s)
    {
        if (s.Length == 0) return;
        _out.Append(s);
        _lastWasNewLine = s[^1] == '\n';
    }

    /// <summary><c>finish()</c>: the final break, then the &amp;nbsp; markers become spaces.</summary>
    public string Finish()
    {
        LineBreak();
        Write(string.Empty, end: true);
        return _out.Replace(NbspPlaceholder, " ").ToString();
    }
}
