namespace Harvester.Core.Dom;

/// <summary>
/// The elements whose content the HTML tokenizer reads as text up to their own end tag (script data, raw text and
/// RCDATA): markup inside them is no markup. <c>&lt;plaintext&gt;</c>, whose text runs to the page's end, is apart.
/// </summary>
internal static class RawTextElements
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ByName = Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether a tag so named (ASCII letters in any case) starts such an element.</summary>
    public static bool Contains(ReadOnlySpan<char> name) => ByName.Contains(name);
}
