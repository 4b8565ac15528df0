namespace Harvester.Core.Dom;

/// <summary>Reads a tag in a page's markup as the HTML tokenizer reads it: its name, and where it ends.</summary>
internal static class TagText
{
    /// <summary>The end of the name when a tag named <paramref name="name"/> (ASCII letters in any case) starts at <paramref name="at"/>.</summary>
    public static int? NameEnd(string html, int at, string name, bool endTagToo)
    {
        if (at < 0 || at >= html.Length || html[at] != '<') return null;
        int start = at + 1;
        if (endTagToo && start < html.Length && html[start] == '/') start++;
        int end = start + name.Length;
        if (end > html.Length) return null;
        for (int i = 0; i < name.Length; i++)
        {
            // The tokenizer lowers ASCII letters only.
            char c = html[start + i];
            if ((c is >= 'A' and <= 'Z' ? (char)(c + 32) : c) != name[i]) return null;
        }
        return end == html.Length || HtmlSpace.Is(html[end]) || html[end] is '/' or '>' ? end : null;
    }

    private enum State { BeforeName, Name, AfterName, BeforeValue, DoubleQuoted, SingleQuoted, AfterQuoted, Unquoted, SelfClosing }

    /// <summary>
    /// Where a start tag ends, just after its <c>&gt;</c>, read from the end of its name as the HTML tokenizer reads
    /// attributes (a quoted value may hold a <c>&gt;</c>; an <c>=</c> that starts a name is part of it); null when the
    /// page ends first.
    /// </summary>
    public static int? End(string html, int from)
    {
        var state = State.BeforeName;
        for (int k = from; k < html.Length; k++)
        {
            char c = html[k];
            switch (state)
            {
                case State.BeforeName or State.AfterQuoted:
                    if (c == '>') return k + 1;
                    if (c == '/') state = State.SelfClosing;
                    else if (!HtmlSpace.Is(c)) state = state == State.AfterQuoted ? Reconsume(ref k, State.BeforeName) : State.Name;
                    else state = State.BeforeName;
                    break;
                case State.Name:
                    if (c == '>') return k + 1;
                    if (c == '/') state = State.SelfClosing;
                    else if (c == '=') state = State.BeforeValue;
                    else if (HtmlSpace.Is(c)) state = State.AfterName;
                    break;
                case State.AfterName:
                    if (c == '>') return k + 1;
                    if (c == '/') state = State.SelfClosing;
                    else if (c == '=') state = State.BeforeValue;
                    else if (!HtmlSpace.Is(c)) state = State.Name;
                    break;
                case State.BeforeValue:
                    if (c == '>') return k + 1;
                    if (c == '"') state = State.DoubleQuoted;
                    else if (c == '\'') state = State.SingleQuoted;
                    else if (!HtmlSpace.Is(c)) state = State.Unquoted;
                    break;
                case State.DoubleQuoted or State.SingleQuoted:
                    if (c == (state == State.DoubleQuoted ? '"' : '\'')) state = State.AfterQuoted;
                    break;
                case State.Unquoted:
                    if (c == '>') return k + 1;
                    if (HtmlSpace.Is(c)) state = State.BeforeName;
                    break;
                case State.SelfClosing:
                    if (c == '>') return k + 1;
                    state = Reconsume(ref k, State.BeforeName);
                    break;
            }
        }
        return null;
    }

    private static State Reconsume(ref int k, State state)
    {
        k--;
        return state;
    }
}
