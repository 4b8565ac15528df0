namespace Harvester.Core.Html2Text;

/// <summary>What <see cref="PythonHtmlParser"/> reports: Python's <c>HTMLParser</c> handlers with <c>convert_charrefs=False</c>.</summary>
internal interface IHtmlEventSink
{
    /// <summary>
    /// <c>handle_starttag</c>: a lower-case tag and its attributes in order; a value is null when the attribute had none.
    /// The list is the parser's own and is reused for the next tag: copy what is kept.
    /// </summary>
    void StartTag(string tag, IReadOnlyList<KeyValuePair<string, string?>> attributes);

    void EndTag(string tag);

    void Data(string data);

    /// <summary><c>handle_charref</c>: the digits of <c>&amp;#NNN;</c> or <c>x</c> and the digits of <c>&amp;#xHH;</c>.</summary>
    void CharRef(string name);

    /// <summary><c>handle_entityref</c>: the name of <c>&amp;name;</c>.</summary>
    void EntityRef(string name);
}
