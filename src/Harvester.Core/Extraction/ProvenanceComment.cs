using System.Globalization;
using System.Text.RegularExpressions;

namespace Harvester.Core.Extraction;

/// <summary>The comment that opens the dataset's <c>.html</c> files and carries their provenance.</summary>
public static partial class ProvenanceComment
{
    /// <summary>Formats the comment exactly as the dataset writes it.</summary>
    public static string Format(Provenance provenance) =>
        $"<!--The following is the downloaded HTML source of the {provenance.Site} privacy policy that was archived on " +
        $"{provenance.ArchivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.\n Please check the original snapshot on the Wayback Machine " +
        $"({provenance.SnapshotUrl}) for the most accurate reproduction.-->";

    /// <summary>Reads the comment at the start of <paramref name="text"/>; <paramref name="htmlStart"/> is where the page begins.</summary>
    public static bool TryParse(string text, out Provenance? provenance, out int htmlStart)
    {
        provenance = null;
        htmlStart = 0;
        var m = Header().Match(text);
        if (!m.Success) return false;
        if (!DateOnly.TryParseExact(m.Groups[2].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return false;
        provenance = new Provenance(m.Groups[1].Value, date, m.Groups[3].Value);
        htmlStart = m.Length;
        return true;
    }

    /// <summary>True when the text starts like a provenance comment, so that a malformed one can be told apart from none.</summary>
    public static bool LooksLikeOne(string text) =>
        text.AsSpan().TrimStart('\uFEFF').StartsWith("<!--The following is the downloaded HTML source", StringComparison.Ordinal);

    // The reference pipeline's pattern, verbatim.
    [GeneratedRegex(@"^\uFEFF?<!--The following is the downloaded HTML source of the (.*?) privacy policy that was archived on (\d{4}-\d{2}-\d{2})\.\s*Please check the original snapshot on the Wayback Machine \((\S+)\) for the most accurate reproduction\.-->\s*", RegexOptions.Singleline)]
    private static partial Regex Header();
}
