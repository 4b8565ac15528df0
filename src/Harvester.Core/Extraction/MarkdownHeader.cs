using System.Globalization;

namespace Harvester.Core.Extraction;

/// <summary>The two lines that open every dataset Markdown file: the provenance quote and the <c># title</c>.</summary>
public static class MarkdownHeader
{
    public static string Format(Provenance provenance, string title) =>
        $"> *The following text is extracted and transformed from the {provenance.Site} privacy policy that was archived on " +
        $"{provenance.ArchivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}. Please check the " +
        $"[original snapshot on the Wayback Machine]({provenance.SnapshotUrl}) for the most accurate reproduction.*\n\n# {title}\n\n";
}
