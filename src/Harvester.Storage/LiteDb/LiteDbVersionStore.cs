using Harvester.Core.Versioning;
using Harvester.Storage.LiteDb.Search;
using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>
/// Policy versions and interval outcomes. A version is a distinct text: the same text again extends it (new
/// interval, later last-seen); a new text becomes the next version, marked when nearly identical to an earlier one.
/// Interval outcome and version change are stored in one transaction, so a crash never half-records an interval.
/// </summary>
public sealed class LiteDbVersionStore(LiteDbFile database, TimeProvider time) : IVersionStore
{
    public IntervalRecord? FindInterval(string site, string interval) => database.Read(() => database.ById(database.Intervals, site + "/" + interval));

    public IReadOnlyList<IntervalRecord> Intervals(string site) =>
        database.Read(() => database.Intervals.Find(i => i.Site == site).OrderBy(i => i.Interval, StringComparer.Ordinal).ToList());

    public IReadOnlyList<VersionRecord> ForSite(string site) =>
        database.Read(() => database.Versions.Find(v => v.Site == site).OrderBy(v => v.Number).ToList());

    /// <summary>A version by its store id (as <see cref="VersionRecord.Id"/>).</summary>
    public VersionRecord? FindById(int id) => database.Read(() => database.ById(database.Versions, id));

    public VersionRecord? Find(string site, int number) => database.Read(() => database.Versions.FindOne(v => v.Site == site && v.Number == number));

    /// <summary>Every version in site and number order, read one at a time (an export of a million versions stays small).</summary>
    /// <remarks>
    /// The order is read in slices of <see cref="OrderSlice"/> documents, each its own read: LiteDB pins every page a
    /// transaction touches and grows its page cache (which never shrinks) to hold them, so one read over the whole
    /// collection grew a running worker's memory by the size of the store at every export.
    /// </remarks>
    public IEnumerable<VersionRecord> All()
    {
        var order = new List<(int Id, string Site, int Number)>();
        for (int after = 0; ;)
        {
            List<BsonDocument> slice = database.Read(() => database.Db.GetCollection("versions").Query()
                .Where(IdAfter, new BsonValue(after)).OrderBy("_id")
                .Select("{ id: $._id, s: $.Site, n: $.Number }").Limit(OrderSlice).ToList());
            order.AddRange(slice.Select(d => (Id: d["id"].AsInt32, Site: d["s"].AsString, Number: d["n"].AsInt32)));
            if (slice.Count < OrderSlice) break;
            after = order[^1].Id;
        }
        order.Sort((a, b) => string.CompareOrdinal(a.Site, b.Site) is var bySite and not 0 ? bySite : a.Number.CompareTo(b.Number));
        foreach (var (id, _, _) in order)
        {
            if (database.Read(() => database.ById(database.Versions, id)) is { } version) yield return version;
        }
    }

    private const int OrderSlice = 500;

    /// <summary>Parameterised: LiteDB compiles and keeps every distinct expression text.</summary>
    private const string IdAfter = "$._id > @0";

    public int Count => database.Read(() => database.Versions.Count());

    /// <summary>Recorded half-years by outcome (outcomes with none left out), counted on the outcome index's keys.</summary>
    public IReadOnlyDictionary<string, int> CountIntervalsByOutcome() =>
        database.CountByIndexKey(database.Intervals, nameof(IntervalRecord.Outcome), IntervalOutcomes.All);

    public void RecordEmpty(IReadOnlyList<IntervalRecord> outcomes)
    {
        if (outcomes.Count == 0) return;
        var now = time.GetUtcNow().UtcDateTime;
        database.InTransaction(() =>
        {
            foreach (var o in outcomes)
            {
                database.Intervals.Upsert(new IntervalRecord
                {
                    Id = o.Site + "/" + o.Interval, Site = o.Site, Interval = o.Interval, Outcome = o.Outcome, Detail = o.Detail,
                    HomeTimestamp = o.HomeTimestamp, PolicyUrl = o.PolicyUrl, Requests = o.Requests, RecordedAt = now,
                });
            }
            return 0;
        });
    }

    /// <summary>Records a found policy: extends the version with the same text, or adds the next version.</summary>
    /// <returns>The version's number, and whether this text was new.</returns>
    public (int Number, bool IsNew) RecordFound(string site, string interval, VersionRecord candidate, int requests)
    {
        VersionRecord? stored = null;
        return database.InTransaction(() =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var decision = VersionLineage.Apply(Heads(site), site, interval, candidate, now, id => database.ById(database.Versions, id)!);
            if (decision.IsNew) database.Versions.Insert(decision.Version);
            else database.Versions.Update(decision.Version);
            database.Intervals.Upsert(VersionLineage.FoundInterval(site, interval, decision.Version, candidate, requests, now));
            stored = decision.Version;
            return (decision.Version.Number, decision.IsNew);
        }, committed: () => _heads.Stored(site, stored!), failed: () => _heads.Forget(site));
    }

    /// <summary>What deciding needs of each of a site's versions, not their Markdown: read at every half-year a policy is found.</summary>
    private IReadOnlyList<VersionRecord> Heads(string site) => _heads.Get(site) ?? _heads.Read(site,
        database.Db.GetCollection("versions").Query().Where("$.Site = @0", new BsonValue(site))
            .Select("{ i: $._id, n: $.Number, h: $.TextHash, s: $.SimHash }").ToEnumerable()
            .Select(d => new VersionRecord { Id = d["i"].AsInt32, Number = d["n"].AsInt32, TextHash = d["h"].AsString, SimHash = d["s"].AsInt64 }));

    private readonly VersionHeads _heads = new();

    /// <summary>
    /// Versions whose text contains <paramref name="text"/> (case-insensitive), optionally of one site, at most
    /// <paramref name="limit"/> of them (0 for all). Across sites the word index narrows the versions to read; versions
    /// stored since the index last caught up are read too, so nothing is missed.
    /// </summary>
    public SearchResult Search(string text, string? site = null, int limit = 0) => database.Read(() => SearchGated(text, site, limit));

    private SearchResult SearchGated(string text, string? site, int limit)
    {
        if (site is not null)
        {
            // One site's versions are few: read them.
            var query = database.Db.GetCollection("versions").Query().Where("$.Site = @0", new BsonValue(site));
            var ids = query.Select("{ id: $._id, m: $.Markdown }").ToEnumerable()
                .Where(d => PolicyText.Contains(d["m"].AsString, text))
                .Select(d => d["id"].AsInt32).ToList();
            return Load(ids, limit);
        }
        var index = new LiteDbSearchIndex(database);
        int through = index.IndexedThrough;
        var candidates = index.Candidates(text);
        if (candidates is null) return Load(Matching(text, database.Db.GetCollection("versions").FindAll()), limit);
        var hits = new List<VersionRecord>();
        foreach (int id in candidates)
        {
            if (limit > 0 && hits.Count == limit) return Sorted(hits, complete: false);
            var version = database.ById(database.Versions, id);
            if (version is not null && PolicyText.Contains(version.Markdown, text)) hits.Add(version);
        }
        var unindexed = database.Db.GetCollection("versions").Query().Where("$._id > @0", new BsonValue(through)).ToEnumerable();
        foreach (int id in Matching(text, unindexed))
        {
            if (limit > 0 && hits.Count == limit) return Sorted(hits, complete: false);
            hits.Add(database.ById(database.Versions, id)!);
        }
        return Sorted(hits, complete: true);
    }

    private static SearchResult Sorted(List<VersionRecord> versions, bool complete) =>
        new(versions.OrderBy(v => v.Site, StringComparer.Ordinal).ThenBy(v => v.Number).ToList(), complete);

    private static IEnumerable<int> Matching(string text, IEnumerable<BsonDocument> versions) =>
        versions.Where(d => PolicyText.Contains(d["Markdown"].AsString, text)).Select(d => d["_id"].AsInt32);

    private SearchResult Load(IEnumerable<int> ids, int limit)
    {
        var all = ids.ToList();
        var taken = limit > 0 && all.Count > limit ? all.Take(limit) : all;
        return Sorted(taken.Select(id => database.ById(database.Versions, id)!).ToList(), complete: limit == 0 || all.Count <= limit);
    }

    /// <summary>Replaces a version's Markdown after re-extraction (same text hash rules do not merge versions here).</summary>
    public void UpdateMarkdown(VersionRecord version) => database.Write(() =>
    {
        _heads.Forget(version.Site);
        database.Versions.Update(version);
    });
}
