namespace Harvester.Tests.Support;

/// <summary>The figures of <c>../shared/tools/score.py</c>: line F1 over non-blank lines with trailing spaces stripped.</summary>
internal static class MarkdownScore
{
    public static double LineF1(string reference, string output)
    {
        var a = Lines(reference);
        var b = Lines(output);
        if (a.Count == 0 && b.Count == 0) return 1.0;
        int common = a.Sum(kv => Math.Min(kv.Value, b.GetValueOrDefault(kv.Key)));
        if (common == 0) return 0.0;
        double precision = common / (double)b.Values.Sum();
        double recall = common / (double)a.Values.Sum();
        return 2 * precision * recall / (precision + recall);
    }

    public static string? FirstLine(string text, string prefix) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.TrimEnd();

    private static Dictionary<string, int> Lines(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            var key = line.TrimEnd();
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }
}
