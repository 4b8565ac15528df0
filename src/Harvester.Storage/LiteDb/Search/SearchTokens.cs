namespace Harvester.Storage.LiteDb.Search;

/// <summary>
/// Splits text into the words the search index keys on: runs of letters and digits, upper-cased the way
/// <see cref="StringComparison.OrdinalIgnoreCase"/> compares, so an index hit never disagrees with the final check.
/// </summary>
internal static class SearchTokens
{
    /// <summary>Longer words are indexed by their first <see cref="MaxLength"/> characters.</summary>
    public const int MaxLength = 48;

    /// <summary>A token of a query, with whether it touches the query's start or end (so may be part of a longer word).</summary>
    public readonly record struct QueryToken(string Term, bool OpenLeft, bool OpenRight);

    /// <summary>The distinct words of <paramref name="text"/>; <paramref name="hasLongWord"/> tells whether one was cut.</summary>
    public static HashSet<string> Words(string text, out bool hasLongWord)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        hasLongWord = false;
        var buffer = new char[MaxLength];
        int length = 0, runLength = 0;
        foreach (char c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (length < MaxLength) buffer[length++] = char.ToUpperInvariant(c);
                runLength++;
                continue;
            }
            if (length > 0) words.Add(new string(buffer, 0, length));
            if (runLength > MaxLength) hasLongWord = true;
            length = runLength = 0;
        }
        if (length > 0) words.Add(new string(buffer, 0, length));
        if (runLength > MaxLength) hasLongWord = true;
        return words;
    }

    /// <summary>The query's words; a word at the start or end of the query may continue in the text.</summary>
    public static List<QueryToken> Query(string query)
    {
        var tokens = new List<QueryToken>();
        int i = 0;
        while (i < query.Length)
        {
            if (!char.IsLetterOrDigit(query[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < query.Length && char.IsLetterOrDigit(query[i])) i++;
            tokens.Add(new QueryToken(query[start..i].ToUpperInvariant(), start == 0, i == query.Length));
        }
        return tokens;
    }
}
