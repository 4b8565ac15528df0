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
        database.Read(() => database.ByIdPrefix(database.Intervals, site + "/").Where(i => i.Site == site).OrderBy(i => i.Interval, StringComparer.Ordinal).ToList());

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

    /// <summary>
    /// One transaction: the empty half-years, then each found policy decided against the site's versions as the ones
    /// before it in this call left them. A version is written once however many of the call's half-years it takes (a
    /// site's flush often extends one version several times, and LiteDB rewrites the whole document, Markdown and all,
    /// at every update). The heads kept in memory change only once it committed.
    /// </summary>
    public IReadOnlyList<(int Number, bool IsNew)> Record(IReadOnlyList<IntervalRecord> empty, IReadOnlyList<FoundPolicy> found)
    {
        if (empty.Count == 0 && found.Count == 0) return [];
        // Told apart by reference: a new version has no id until it is inserted.
        var added = new List<VersionRecord>();
        var extended = new HashSet<VersionRecord>(ReferenceEqualityComparer.Instance);
        return database.InTransaction(() =>
        {
            added.Clear();
            extended.Clear();
            var now = time.GetUtcNow().UtcDateTime;
            var intervals = empty.Select(o => VersionLineage.EmptyInterval(o, now)).ToList();
            var working = new Dictionary<string, List<VersionRecord>>(StringComparer.Ordinal);
            var loaded = new Dictionary<int, VersionRecord>();
            var results = new List<(int Number, bool IsNew)>(found.Count);
            foreach (var (site, interval, candidate, requests) in found)
            {
                if (!working.TryGetValue(site, out var heads)) working[site] = heads = [.. Heads(site)];
                var decision = VersionLineage.Apply(heads, site, interval, candidate, now, h => Whole(h, added, loaded));
                var version = decision.Version;
                if (decision.IsNew)
                {
                    heads.Add(version);
                    added.Add(version);
                }
                else if (!added.Contains(version, ReferenceEqualityComparer.Instance)) extended.Add(version);
                // Its version's number is known before the version is written; intervals name versions by number.
                intervals.Add(VersionLineage.FoundInterval(site, interval, version, candidate, requests, now));
                results.Add((version.Number, decision.IsNew));
            }
            foreach (var version in added) database.Versions.Insert(version);
            foreach (var version in extended) database.Versions.Update(version);
            foreach (var record in intervals) database.Intervals.Upsert(record);
            return results;
        },
        committed: () =>
        {
            foreach (var version in added.Concat(extended)) _heads.Stored(version.Site, version);
        },
        failed: () =>
        {
            // A new version's id from the failed insert must not pass for a stored one's.
            foreach (var version in added) version.Id = 0;
            foreach (var site in found.Select(f => f.Site).Distinct()) _heads.Forget(site);
        });
    }

    /// <summary>
    /// The whole version behind one of a site's heads: a version this call added (the head is the version itself), one
    /// it read already, or else read now.
    /// </summary>
    private VersionRecord Whole(VersionRecord head, List<VersionRecord> added, Dictionary<int, VersionRecord> loaded)
    {
        if (added.Contains(head, ReferenceEqualityComparer.Instance)) return head;
        if (!loaded.TryGetValue(head.Id, out var version)) loaded[head.Id] = version = database.ById(database.Versions, head.Id)!;
        return version;
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
