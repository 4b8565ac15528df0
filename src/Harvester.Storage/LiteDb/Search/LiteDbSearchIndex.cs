using Harvester.Core.Versioning;
using LiteDB;

namespace Harvester.Storage.LiteDb.Search;

/// <summary>
/// A word index over the versions' policy text (the Markdown after its provenance line), so a search across all sites reads only the versions that can match.
/// It is kept beside the versions, not in the crawl's write path: <see cref="CatchUp"/> adds versions stored since
/// it last ran, in batches, each batch in one transaction with the index's watermark, so a crash loses nothing.
/// Every candidate is checked against the Markdown itself, so the index only has to be complete, never exact.
/// </summary>
public sealed class LiteDbSearchIndex(LiteDbFile database) : ISearchIndex
{
    /// <summary>The pseudo-word listing versions that have a word longer than <see cref="SearchTokens.MaxLength"/>.</summary>
    private const string LongWordMarker = "\u0001long";
    private const int LexiconChunkChars = 64 * 1024;

    private ILiteCollection<SearchTermRecord> Terms => database.Db.GetCollection<SearchTermRecord>("search_terms");
    private ILiteCollection<SearchLexiconRecord> Lexicon => database.Db.GetCollection<SearchLexiconRecord>("search_lexicon");
    private ILiteCollection<SearchStateRecord> State => database.Db.GetCollection<SearchStateRecord>("search_state");

    /// <summary>How many stored versions the index does not cover yet.</summary>
    public int Pending
    {
        get
        {
            int through = IndexedThrough;
            return database.Read(() => database.Versions.Count(v => v.Id > through));
        }
    }

    /// <summary>Every version with an id up to this one is indexed.</summary>
    public int IndexedThrough => database.Read(() => State.FindById("state")?.IndexedThrough ?? 0);

    /// <summary>Indexes the versions stored since the last call; returns how many.</summary>
    /// <param name="maxBatches">Stop after this many batches (0: until caught up).</param>
    public int CatchUp(int batchSize = 2000, IProgress<int>? progress = null, CancellationToken cancellationToken = default, int maxBatches = 0)
    {
        int total = 0;
        if (database.Read(() => State.FindById("state")) is null) DropWords(); // a reset interrupted between its steps
        for (int batches = 0; !cancellationToken.IsCancellationRequested && (maxBatches == 0 || batches < maxBatches); batches++)
        {
            int through = IndexedThrough;
            var batch = database.Read(() => database.Db.GetCollection("versions").Query()
                .Where("$._id > @0", new BsonValue(through)).OrderBy("$._id")
                .Select("{ id: $._id, m: $.Markdown }").Limit(batchSize).ToList());
            if (batch.Count == 0) break;
            var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            foreach (var doc in batch)
            {
                int id = doc["id"].AsInt32;
                foreach (var word in SearchTokens.Words(PolicyText.Body(doc["m"].AsString), out bool hasLongWord).Append(hasLongWord ? LongWordMarker : null))
                {
                    if (word is null) continue;
                    if (!postings.TryGetValue(word, out var ids)) postings[word] = ids = [];
                    ids.Add(id);
                }
            }
            int last = batch[^1]["id"].AsInt32;
            database.InTransaction(() =>
            {
                var newWords = new List<string>();
                foreach (var (word, ids) in postings)
                {
                    var record = Terms.FindById(word);
                    if (record is null)
                    {
                        record = new SearchTermRecord { Term = word };
                        if (word != LongWordMarker) newWords.Add(word);
                    }
                    record.Ids = Postings.Append(record.Ids, record.LastId, ids);
                    record.LastId = ids[^1];
                    Terms.Upsert(record);
                }
                AddToLexicon(newWords);
                State.Upsert(new SearchStateRecord { IndexedThrough = last });
                return 0;
            });
            total += batch.Count;
            progress?.Report(total);
        }
        return total;
    }

    private void AddToLexicon(List<string> words)
    {
        if (words.Count == 0) return;
        words.Sort(StringComparer.Ordinal);
        var chunk = Lexicon.Query().OrderByDescending(c => c.Id).FirstOrDefault() ?? new SearchLexiconRecord { Id = 1 };
        var text = new System.Text.StringBuilder(chunk.Terms);
        foreach (var word in words)
        {
            if (text.Length + word.Length + 1 > LexiconChunkChars && text.Length > 0)
            {
                Lexicon.Upsert(new SearchLexiconRecord { Id = chunk.Id, Terms = text.ToString() });
                chunk = new SearchLexiconRecord { Id = chunk.Id + 1 };
                text.Clear();
            }
            text.Append(word).Append('\n');
        }
        Lexicon.Upsert(new SearchLexiconRecord { Id = chunk.Id, Terms = text.ToString() });
    }

    /// <summary>Forgets the index (after stored Markdown was rewritten); the next <see cref="CatchUp"/> rebuilds it.</summary>
    public void Reset() => database.SelfCommitting(() =>
    {
        // The watermark goes first: without it the words are never trusted, whatever else a crash leaves behind.
        database.Db.DropCollection("search_state");
        DropWords();
    });

    private void DropWords() => database.SelfCommitting(() =>
    {
        database.Db.DropCollection("search_terms");
        database.Db.DropCollection("search_lexicon");
    });

    /// <summary>
    /// Ids, ascending, of the indexed versions that may contain <paramref name="query"/>; null when the index cannot
    /// narrow it down (the query has no word, or only words too long to be indexed whole).
    /// </summary>
    public IReadOnlyList<int>? Candidates(string query) => database.Read(() => CandidatesGated(query));

    private List<int>? CandidatesGated(string query)
    {
        List<int>? result = null;
        string[]? lexicon = null;
        foreach (var token in SearchTokens.Query(query))
        {
            if (token.Term.Length > SearchTokens.MaxLength) continue;
            List<int> ids;
            if (!token.OpenLeft && !token.OpenRight)
            {
                ids = Lookup(token.Term);
            }
            else
            {
                lexicon ??= LoadLexicon();
                var matching = new List<int>();
                foreach (var word in lexicon.Where(w => Matches(w, token)))
                {
                    matching.AddRange(Lookup(word));
                }
                // The tail of a word longer than the indexed length is not in the index: such versions stay candidates.
                if (token.OpenLeft) matching.AddRange(Lookup(LongWordMarker));
                matching.Sort();
                ids = Distinct(matching);
            }
            result = result is null ? ids : Intersect(result, ids);
            if (result.Count == 0) break;
        }
        return result;
    }

    private static bool Matches(string word, SearchTokens.QueryToken token) => (token.OpenLeft, token.OpenRight) switch
    {
        (true, true) => word.Contains(token.Term, StringComparison.Ordinal),
        (true, false) => word.EndsWith(token.Term, StringComparison.Ordinal),
        _ => word.StartsWith(token.Term, StringComparison.Ordinal),
    };

    private List<int> Lookup(string word) => Terms.FindById(word) is { } record ? Postings.Decode(record.Ids) : [];

    private string[] LoadLexicon() =>
        Lexicon.FindAll().SelectMany(c => c.Terms.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    private static List<int> Distinct(List<int> sorted)
    {
        var result = new List<int>(sorted.Count);
        foreach (int id in sorted)
        {
            if (result.Count == 0 || result[^1] != id) result.Add(id);
        }
        return result;
    }

    private static List<int> Intersect(List<int> a, List<int> b)
    {
        var result = new List<int>(Math.Min(a.Count, b.Count));
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i] == b[j])
            {
                result.Add(a[i]);
                i++;
                j++;
            }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return result;
    }
}
