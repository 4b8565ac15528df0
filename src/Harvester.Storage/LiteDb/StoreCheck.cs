using Harvester.Core.Versioning;
using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>One thing <see cref="StoreCheck"/> found wrong.</summary>
/// <param name="Collection">The collection (sites, payloads, versions…).</param>
/// <param name="Id">The record's id, or null when the collection itself could not be read.</param>
/// <param name="Reason">What is wrong, in a few words.</param>
/// <param name="Derived">Whether it can be rebuilt from what is intact (the search index).</param>
public sealed record StoreProblem(string Collection, string? Id, string Reason, bool Derived)
{
    public override string ToString() => Id is null ? $"{Collection}: {Reason}" : $"{Collection} {Id}: {Reason}";
}

/// <summary>What a check read and what it found.</summary>
public sealed class StoreCheckReport
{
    /// <summary>Records read intact, by collection.</summary>
    public Dictionary<string, int> Intact { get; } = new(StringComparer.Ordinal);
    public List<StoreProblem> Problems { get; } = [];
    /// <summary>Ids of the intact records, by collection (what a repair copies).</summary>
    internal Dictionary<string, List<BsonValue>> IntactIds { get; } = new(StringComparer.Ordinal);
    /// <summary>Versions whose document reads but whose Markdown no longer matches its hash.</summary>
    internal HashSet<int> DamagedMarkdown { get; } = [];
    public bool IsClean => Problems.Count == 0;
}

/// <summary>
/// Reads a store record by record and says what is damaged: records LiteDB can no longer read, payloads whose bytes do
/// not match their SHA-256, versions whose Markdown does not match its text hash or whose snapshot is gone. The cheap
/// part (<see cref="CheckStructure"/>) walks every collection's id index only, for a worker's start.
/// </summary>
public sealed class StoreCheck(LiteDbFile database)
{
    /// <summary>Every collection a Harvester store holds; the search index ones are derived from the versions.</summary>
    public static readonly IReadOnlyList<string> Collections =
        ["sites", UrlCapturesDocument.Collection, "lookups", "payloads", "digests", "intervals", "versions", "jobs", "markers"];

    internal static readonly IReadOnlyList<string> DerivedCollections = ["search_terms", "search_lexicon", "search_state"];

    /// <summary>
    /// Walks every collection's id index (no document is read): seconds even on a large store. Stops at the first
    /// problem, without reopening the file, so a store opened for writing is never written after damage was seen.
    /// </summary>
    public StoreCheckReport CheckStructure(CancellationToken cancellationToken = default)
    {
        var report = new StoreCheckReport();
        foreach (var name in Collections.Concat(DerivedCollections))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                report.Intact[name] = ReadIds(name).Count;
            }
            catch (StorageException e)
            {
                report.Problems.Add(new StoreProblem(name, null, $"its index cannot be read ({Reason(e)})", DerivedCollections.Contains(name)));
                break;
            }
        }
        return report;
    }

    private List<BsonValue> ReadIds(string name) =>
        database.Read(() => database.Db.GetCollection(name).Query().OrderBy("_id").Select("{ id: $._id }").ToEnumerable().Select(d => d["id"]).ToList());

    /// <summary>Reads every record and verifies every payload and every version's text.</summary>
    /// <param name="progress">Called with the collection and the records read so far, every 1,000 records.</param>
    public StoreCheckReport CheckEverything(Action<string, int>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = new StoreCheckReport();
        var payloadsIntact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Collections.Concat(DerivedCollections))
        {
            var ids = Ids(name, report);
            if (ids is null) continue;
            var intact = new List<BsonValue>(ids.Count);
            foreach (var id in ids)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var problem = Verify(name, id, report, payloadsIntact);
                if (problem is null) intact.Add(id);
                else report.Problems.Add(new StoreProblem(name, Text(id), problem, DerivedCollections.Contains(name)));
                if (intact.Count % 1000 == 0 && intact.Count > 0) progress?.Invoke(name, intact.Count);
            }
            report.IntactIds[name] = intact;
            report.Intact[name] = intact.Count;
        }
        // A version is only as good as its snapshot: without it, it cannot be re-extracted or served raw.
        foreach (var id in report.IntactIds.GetValueOrDefault("versions", []))
        {
            var sha = Document("versions", id)?["PayloadSha256"].AsString;
            if (sha is not null && !payloadsIntact.Contains(sha))
            {
                report.Problems.Add(new StoreProblem("versions", Text(id), $"its raw snapshot (payload {sha}) is missing or damaged", Derived: false));
            }
        }
        return report;
    }

    private List<BsonValue>? Ids(string name, StoreCheckReport report)
    {
        try
        {
            return ReadIds(name);
        }
        catch (StorageException e)
        {
            report.Problems.Add(new StoreProblem(name, null, $"its index cannot be read ({Reason(e)})", DerivedCollections.Contains(name)));
            database.Reopen();
            return Salvage(name);
        }
    }

    /// <summary>Reads a collection in storage order up to the first damaged page, when its index is damaged.</summary>
    private List<BsonValue> Salvage(string name)
    {
        var ids = new List<BsonValue>();
        try
        {
            database.Read(() =>
            {
                foreach (var doc in database.Db.GetCollection(name).FindAll()) ids.Add(doc["_id"]);
                return 0;
            });
        }
        catch (StorageException)
        {
            // What was read before the damage is what can be saved.
            database.Reopen();
        }
        return ids;
    }

    private BsonDocument? Document(string name, BsonValue id) => database.Read(() => database.Db.GetCollection(name).FindById(id));

    private string? Verify(string name, BsonValue id, StoreCheckReport report, HashSet<string> payloadsIntact)
    {
        BsonDocument? doc;
        try
        {
            doc = Document(name, id);
        }
        catch (StorageException e)
        {
            database.Reopen();
            return $"cannot be read ({Reason(e)})";
        }
        if (doc is null) return "listed in the index but not stored";
        try
        {
            switch (name)
            {
                case "payloads":
                    var payload = database.Db.Mapper.ToObject<PayloadRecord>(doc);
                    if (LiteDbPayloadStore.Verified(payload) is null) return "its bytes no longer match their SHA-256";
                    payloadsIntact.Add(payload.Sha256);
                    break;
                case "versions":
                    var version = database.Db.Mapper.ToObject<VersionRecord>(doc);
                    if (PolicyText.Hash(version.Markdown) != version.TextHash)
                    {
                        report.DamagedMarkdown.Add(version.Id);
                        return $"{version.Site} v{version.Number}: its Markdown no longer matches its text hash";
                    }
                    break;
                case "sites": database.Db.Mapper.ToObject<SiteRecord>(doc); break;
                case UrlCapturesDocument.Collection: UrlCapturesDocument.Decode(doc); break;
                case "intervals": database.Db.Mapper.ToObject<IntervalRecord>(doc); break;
                case "jobs": database.Db.Mapper.ToObject<JobRecord>(doc); break;
            }
        }
        catch (Exception e) when (DamagedStoreException.IsDamage(e))
        {
            return $"its fields cannot be read ({e.Message.ReplaceLineEndings(" ")})";
        }
        return null;
    }

    private static string Text(BsonValue id) => id.IsString ? id.AsString : id.ToString();

    private static string Reason(StorageException e) => e.InnerException?.Message.ReplaceLineEndings(" ") ?? e.Message;
}
