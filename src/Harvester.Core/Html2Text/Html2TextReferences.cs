namespace Harvester.Core.Html2Text;

/// <summary>
/// html2text's <c>charref</c> and <c>entityref</c> with <c>unicode_snob</c> off: the references in <c>UNIFIABLE</c>
/// (curly quotes, dashes, arrows, accented vowels…) become ASCII, a no-break space becomes html2text's placeholder,
/// the rest become their characters, and an unknown name stays as written.
/// </summary>
internal static class Html2TextReferences
{
    /// <summary><c>config.UNIFIABLE</c>, with <c>nbsp</c> as <c>HTML2Text.__init__</c> sets it.</summary>
    private static readonly Dictionary<string, string> Unifiable = new(StringComparer.Ordinal)
    {
        ["rsquo"] = "'", ["lsquo"] = "'", ["rdquo"] = "\"", ["ldquo"] = "\"", ["copy"] = "(C)", ["mdash"] = "--",
        ["nbsp"] = MarkdownWriter.NbspPlaceholder, ["rarr"] = "->", ["larr"] = "<-", ["middot"] = "*", ["ndash"] = "-",
        ["oelig"] = "oe", ["aelig"] = "ae", ["agrave"] = "a", ["aacute"] = "a", ["acirc"] = "a", ["atilde"] = "a",
        ["auml"] = "a", ["aring"] = "a", ["egrave"] = "e", ["eacute"] = "e", ["ecirc"] = "e", ["euml"] = "e",
        ["igrave"] = "i", ["iacute"] = "i", ["icirc"] = "i", ["iuml"] = "i", ["ograve"] = "o", ["oacute"] = "o",
        ["ocirc"] = "o", ["otilde"] = "o", ["ouml"] = "o", ["ugrave"] = "u", ["uacute"] = "u", ["ucirc"] = "u",
        ["uuml"] = "u", ["lrm"] = "", ["rlm"] = "",
    };

    /// <summary><c>utils.unifiable_n</c>: the same replacements by code point (no-break space excluded).</summary>
    private static readonly Dictionary<int, string> UnifiableByCodePoint = new()
    {
        [169] = "(C)", [183] = "*", [224] = "a", [225] = "a", [226] = "a", [227] = "a", [228] = "a", [229] = "a",
        [230] = "ae", [232] = "e", [233] = "e", [234] = "e", [235] = "e", [236] = "i", [237] = "i", [238] = "i",
        [239] = "i", [242] = "o", [243] = "o", [244] = "o", [245] = "o", [246] = "o", [249] = "u", [250] = "u",
        [251] = "u", [252] = "u", [339] = "oe", [8206] = "", [8207] = "", [8211] = "-", [8212] = "--", [8216] = "'",
        [8217] = "'", [8220] = "\"", [8221] = "\"", [8592] = "<-", [8594] = "->",
    };

    /// <summary><c>charref(name)</c> for the digits of <c>&amp;#NNN;</c> (or <c>x</c> and hex digits).</summary>
    public static string CharRef(string name)
    {
        bool hex = name[0] is 'x' or 'X';
        long c = PythonHtmlEntities.CodePointValue(name.AsSpan(hex ? 1 : 0), hex);
        if (c > 0x10FFFF) return string.Empty; // chr() refuses it
        if (UnifiableByCodePoint.TryGetValue((int)c, out var ascii)) return ascii;
        // Python's chr() gives lone surrogates as they are; so does this.
        return c is >= 0xD800 and <= 0xDFFF ? ((char)c).ToString() : char.ConvertFromUtf32((int)c);
    }

    /// <summary><c>entityref(name)</c> for the name of <c>&amp;name;</c>.</summary>
    public static string EntityRef(string name)
    {
        if (Unifiable.TryGetValue(name, out var ascii)) return ascii;
        return PythonHtmlEntities.Lookup(name + ";") ?? "&" + name + ";";
    }
}
