using LiteDB;

namespace Harvester.Storage.LiteDb.Search;

/// <summary>The versions a word occurs in.</summary>
internal sealed class SearchTermRecord
{
    [BsonId] public string Term { get; set; } = string.Empty;
    /// <summary>Ascending version ids, delta-encoded (<see cref="Postings"/>).</summary>
    public byte[] Ids { get; set; } = [];
    public int LastId { get; set; }
}

/// <summary>A chunk of the indexed words, newline-separated, for queries that match parts of words.</summary>
internal sealed class SearchLexiconRecord
{
    [BsonId] public int Id { get; set; }
    public string Terms { get; set; } = string.Empty;
}

/// <summary>How far the index has got: every version with an id up to <see cref="IndexedThrough"/> is in it.</summary>
internal sealed class SearchStateRecord
{
    [BsonId] public string Id { get; set; } = "state";
    public int IndexedThrough { get; set; }
}
