namespace Harvester.Core.Dom;

/// <summary>The HTML standard's ASCII white space (space, tab, LF, FF, CR): what its tokenizer and tree builder treat as space.</summary>
internal static class HtmlSpace
{
    public static bool Is(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}
