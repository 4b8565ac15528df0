using Harvester.Core.Versioning;

namespace Harvester.Web;

/// <summary>Where a search phrase occurs in a policy: a short passage around the first occurrence, and the occurrences in it.</summary>
public sealed record Snippet(string Text, IReadOnlyList<SnippetMatch> Matches);

public sealed record SnippetMatch(int Start, int Length);

public static class Snippets
{
    private const int Around = 90;

    /// <summary>The passage of the policy body around the first occurrence of <paramref name="phrase"/> (case-insensitive).</summary>
    public static Snippet Of(string markdown, string phrase)
    {
        var body = PolicyText.Body(markdown);
        int first = body.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
        if (first < 0 || phrase.Length == 0) return new Snippet(body[..Math.Min(body.Length, 2 * Around)], []);
        int start = Math.Max(0, first - Around), end = Math.Min(body.Length, first + phrase.Length + Around);
        var text = (start > 0 ? "…" : string.Empty) + body[start..end].Replace('\n', ' ') + (end < body.Length ? "…" : string.Empty);
        var matches = new List<SnippetMatch>();
        for (int at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(phrase, at + phrase.Length, StringComparison.OrdinalIgnoreCase))
        {
            matches.Add(new SnippetMatch(at, phrase.Length));
        }
        return new Snippet(text, matches);
    }
}
