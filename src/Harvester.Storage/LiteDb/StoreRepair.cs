using Harvester.Storage.LiteDb.Search;
using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>What a repair wrote into the new file.</summary>
public sealed class StoreRepairResult
{
    public Dictionary<string, int> Copied { get; } = new(StringComparer.Ordinal);
    /// <summary>Versions whose damaged Markdown was extracted again from their intact snapshot.</summary>
    public int Reextracted { get; set; }
    /// <summary>What could not be saved, one line each.</summary>
    public List<string> Lost { get; } = [];
}

/// <summary>
/// Builds a new store from what a <see cref="StoreCheck"/> found intact in a damaged one, never touching the damaged
/// file: every intact record is copied as it is; a version whose Markdown is damaged but whose raw snapshot is intact
/// is extracted again; the search index, derived from the versions, is built anew.
/// </summary>
public sealed class StoreRepair(LiteDbFile source, StoreCheckReport report)
{
    private const int Batch = 500;

    /// <param name="targetPath">A file that does not exist yet.</param>
    /// <param name="reextract">Rebuilds a version's Markdown, title and hashes from its snapshot's bytes; null when it cannot.</param>
    /// <exception cref="StorageException">The target exists or cannot be written.</exception>
    public StoreRepairResult WriteTo(string targetPath, Func<VersionRecord, byte[], VersionRecord?> reextract, CancellationToken cancellationToken = default)
    {
        if (File.Exists(targetPath)) throw new StorageException($"{targetPath}: already exists; a repair writes a new file and never overwrites one");
        var result = new StoreRepairResult();
        using var target = LiteDbFile.Open(targetPath);
        foreach (var name in StoreCheck.Collections)
        {
            var ids = report.IntactIds.GetValueOrDefault(name, []);
            foreach (var chunk in ids.Chunk(Batch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var docs = chunk.Select(id => source.Read(() => source.Db.GetCollection(name).FindById(id))).Where(d => d is not null).ToList();
                target.Write(() => target.Db.GetCollection(name).Upsert(docs));
            }
            result.Copied[name] = ids.Count;
        }
        foreach (var problem in report.Problems.Where(p => !p.Derived))
        {
            if (problem.Collection == "versions" && problem.Id is { } id && int.TryParse(id, out int versionId) && report.DamagedMarkdown.Contains(versionId))
            {
                if (Reextract(versionId, target, reextract)) result.Reextracted++;
                else result.Lost.Add(problem + "; its snapshot is damaged too");
            }
            else if (!IsOnlyAWarning(problem))
            {
                result.Lost.Add(problem.ToString());
            }
        }
        new LiteDbSearchIndex(target).CatchUp(cancellationToken: cancellationToken);
        return result;
    }

    /// <summary>A version whose snapshot is lost is still copied whole; only the raw page is missing.</summary>
    private static bool IsOnlyAWarning(StoreProblem problem) => problem.Collection == "versions" && problem.Reason.StartsWith("its raw snapshot", StringComparison.Ordinal);

    private bool Reextract(int versionId, LiteDbFile target, Func<VersionRecord, byte[], VersionRecord?> reextract)
    {
        try
        {
            var doc = source.Read(() => source.Db.GetCollection("versions").FindById(versionId));
            if (doc is null) return false;
            var version = source.Db.Mapper.ToObject<VersionRecord>(doc);
            var payload = source.Read(() => source.Payloads.FindById(version.PayloadSha256));
            if (payload is null || LiteDbPayloadStore.Verified(payload) is not { } bytes) return false;
            if (reextract(version, bytes) is not { } rebuilt) return false;
            target.Write(() => target.Versions.Insert(rebuilt));
            return true;
        }
        catch (Exception e) when (e is StorageException || DamagedStoreException.IsDamage(e))
        {
            return false;
        }
    }
}
