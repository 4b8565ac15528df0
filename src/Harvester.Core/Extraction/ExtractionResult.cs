namespace Harvester.Core.Extraction;

/// <summary>What the extractor made of one page.</summary>
/// <param name="Provenance">Site, capture date and snapshot address of the page.</param>
/// <param name="Markdown">The complete dataset-style Markdown: header line, <c># title</c>, body.</param>
/// <param name="Title">The page's <c>&lt;title&gt;</c>, trimmed.</param>
/// <param name="ContentLength">Characters of text in the content Readability picked (0 when it found none).</param>
/// <param name="Encoding">The character encoding the page was decoded with.</param>
/// <param name="Warnings">Things a user may want to know (no content found, charset guessed, invalid bytes replaced).</param>
public sealed record ExtractionResult(
    Provenance Provenance,
    string Markdown,
    string Title,
    int ContentLength,
    string Encoding,
    IReadOnlyList<string> Warnings);
