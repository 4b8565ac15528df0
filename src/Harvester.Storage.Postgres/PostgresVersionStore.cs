using Harvester.Core.Versioning;
using Npgsql;
using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresVersionStore(PostgresDatabase database, TimeProvider time) : IVersionStore
{
    public IntervalRecord? FindInterval(string site, string interval) => database.Run(c =>
        Query(c, null, $"SELECT {IntervalColumns} FROM intervals WHERE site = $1 AND interval = $2", Interval, site, interval).FirstOrDefault());

    public IReadOnlyList<IntervalRecord> Intervals(string site) => database.Run(c =>
        Query(c, null, $"SELECT {IntervalColumns} FROM intervals WHERE site = $1 ORDER BY interval COLLATE \"C\"", Interval, site));

    public IReadOnlyList<VersionRecord> ForSite(string site) => database.Run(c =>
        Query(c, null, $"SELECT {VersionColumns} FROM versions WHERE site = $1 ORDER BY number", Version, site));

    public VersionRecord? FindById(int id) => database.Run(c =>
        Query(c, null, $"SELECT {VersionColumns} FROM versions WHERE id = $1", Version, id).FirstOrDefault());

    public VersionRecord? Find(string site, int number) => database.Run(c =>
        Query(c, null, $"SELECT {VersionColumns} FROM versions WHERE site = $1 AND number = $2", Version, site, number).FirstOrDefault());

    /// <summary>Keyset pages along (site, number): each page its own short query, so an export holds no long transaction.</summary>
    public IEnumerable<VersionRecord> All()
    {
        string site = string.Empty;
        int number = int.MinValue;
        while (true)
        {
            var page = database.Run(c => Query(c, null, $"""
                SELECT {VersionColumns} FROM versions
                WHERE (site COLLATE "C", number) > ($1 COLLATE "C", $2) ORDER BY site COLLATE "C", number LIMIT {AllPage}
                """, Version, site, number));
            foreach (var version in page) yield return version;
            if (page.Count < AllPage) yield break;
            (site, number) = (page[^1].Site, page[^1].Number);
        }
    }

    private const int AllPage = 200;

    public int Count => database.Run(c => Convert.ToInt32(Scalar(c, null, "SELECT count(*) FROM versions"), System.Globalization.CultureInfo.InvariantCulture));

    public IReadOnlyDictionary<string, int> CountIntervalsByOutcome() => database.Run(c =>
        Query(c, null, "SELECT outcome, count(*)::int FROM intervals GROUP BY outcome", r => (r.GetString(0), r.GetInt32(1))))
        .ToDictionary(p => p.Item1, p => p.Item2);

    /// <remarks>
    /// Three round trips however many half-years: the sites' locks and their versions' heads together, every version
    /// and half-year written together, and the commit. Each found policy is decided in memory against the heads as the
    /// ones before it left them, so a version added and extended in one call is inserted once, as it ends up.
    /// Extending a version needs only its list of half-years, read with the heads: its Markdown is never sent back and forth.
    /// </remarks>
    public IReadOnlyList<(int Number, bool IsNew)> Record(IReadOnlyList<IntervalRecord> empty, IReadOnlyList<FoundPolicy> found)
    {
        if (empty.Count == 0 && found.Count == 0) return [];
        return database.InTransaction((c, t) =>
        {
            var now = Utc(time.GetUtcNow().UtcDateTime);
            var sites = empty.Select(o => o.Site).Concat(found.Select(f => f.Site)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var heads = Heads(c, t, sites, found.Select(f => f.Site).Distinct(StringComparer.Ordinal).ToArray());
            var writes = empty.Select(o => UpsertInterval(VersionLineage.EmptyInterval(o, now))).ToList();
            // Told apart by reference, not id: a candidate keeps the id of an attempt whose transaction failed until it is inserted.
            var added = new List<VersionRecord>();
            var extended = new HashSet<VersionRecord>(ReferenceEqualityComparer.Instance);
            var results = new List<(int Number, bool IsNew)>(found.Count);
            foreach (var (site, interval, candidate, requests) in found)
            {
                var siteHeads = heads[site];
                var decision = VersionLineage.Apply(siteHeads, site, interval, candidate, now, h => h);
                var v = decision.Version;
                if (decision.IsNew)
                {
                    siteHeads.Add(v);
                    added.Add(v);
                }
                else if (!added.Contains(v)) extended.Add(v);
                writes.Add(UpsertInterval(VersionLineage.FoundInterval(site, interval, v, candidate, requests, now)));
                results.Add((v.Number, decision.IsNew));
            }
            var versionWrites = added.Select(v => ($"""
                INSERT INTO versions ({VersionColumns[4..]}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                RETURNING id
                """, new object?[] { v.Site, v.Number, v.PolicyUrl, v.PolicyTimestamp, v.SnapshotUrl, v.HomeTimestamp, v.Title, v.Markdown, v.TextHash,
                v.SimHash, v.NearDuplicateOf, v.ExtractorVersion, v.PayloadSha256, v.Charset, v.FirstInterval, v.LastInterval,
                v.Intervals.ToArray(), Utc(v.CreatedAt) }))
                .Concat(extended.Select(v => ("UPDATE versions SET intervals = $2, first_interval = $3, last_interval = $4 WHERE id = $1",
                    new object?[] { v.Id, v.Intervals.ToArray(), v.FirstInterval, v.LastInterval })));
            using (var batch = Batch(c, t, [.. versionWrites, .. writes]))
            using (var reader = batch.ExecuteReader())
            {
                foreach (var v in added)
                {
                    reader.Read();
                    v.Id = reader.GetInt32(0);
                    reader.NextResult();
                }
            }
            return (IReadOnlyList<(int, bool)>)results;
        });
    }

    /// <summary>
    /// Takes the sites' locks (in order, so two callers never wait on each other), then reads what deciding needs of each
    /// of <paramref name="readFor"/>'s versions (and each one's half-years, which extending it changes), not their
    /// Markdown: one writer per site at a time (two workers on one site after a lease ran out), so the second sees the
    /// first's version and extends it instead of adding the same text again.
    /// </summary>
    private static Dictionary<string, List<VersionRecord>> Heads(NpgsqlConnection c, NpgsqlTransaction t, List<string> lockSites, string[] readFor)
    {
        var heads = readFor.ToDictionary(s => s, _ => new List<VersionRecord>(), StringComparer.Ordinal);
        using var batch = Batch(c, t, [.. lockSites.Select(LockSite),
            ("SELECT site, id, number, text_hash, sim_hash, intervals, first_interval, last_interval FROM versions WHERE site = ANY($1) ORDER BY site, number", [readFor])]);
        using var reader = batch.ExecuteReader();
        for (int i = 0; i < lockSites.Count; i++) reader.NextResult();
        while (reader.Read())
        {
            var site = reader.GetString(0);
            heads[site].Add(new VersionRecord
            {
                Site = site, Id = reader.GetInt32(1), Number = reader.GetInt32(2), TextHash = reader.GetString(3), SimHash = reader.GetInt64(4),
                Intervals = [.. reader.GetFieldValue<string[]>(5)], FirstInterval = reader.GetString(6), LastInterval = reader.GetString(7),
            });
        }
        return heads;
    }

    private static (string, object?[]) LockSite(string site) => ("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", ["site:" + site]);

    private static (string, object?[]) UpsertInterval(IntervalRecord i) => ($"""
        INSERT INTO intervals ({IntervalColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (site, interval) DO UPDATE SET outcome = $3, detail = $4, home_timestamp = $5, policy_url = $6, policy_timestamp = $7,
            version = $8, requests = $9, recorded_at = $10
        """, [i.Site, i.Interval, i.Outcome, i.Detail, i.HomeTimestamp, i.PolicyUrl, i.PolicyTimestamp, i.Version, i.Requests, Utc(i.RecordedAt)]);

    private static SearchResult Sorted(List<VersionRecord> hits, bool complete) =>
        new(hits.OrderBy(v => v.Site, StringComparer.Ordinal).ThenBy(v => v.Number).ToList(), complete);

    /// <summary>
    /// Trigram-indexed candidates (<c>ILIKE</c>) in the order they were stored (as the LiteDB store reads them), shown by site and number, each checked with the same rule as the LiteDB
    /// store (<see cref="PolicyText.Contains"/>: the body, ordinal ignoring case) until <paramref name="limit"/> are found.
    /// </summary>
    public SearchResult Search(string text, string? site = null, int limit = 0) => database.Run(c =>
    {
        var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var sql = $"SELECT {VersionColumns} FROM versions WHERE markdown ILIKE $1" + (site is null ? string.Empty : " AND site = $2") +
                  " ORDER BY id";
        using var command = PostgresDatabase.Command(c, null, sql, site is null ? [pattern] : [pattern, site]);
        using var reader = command.ExecuteReader();
        var hits = new List<VersionRecord>();
        while (reader.Read())
        {
            var version = Version(reader);
            if (!PolicyText.Contains(version.Markdown, text)) continue;
            if (limit > 0 && hits.Count == limit) return Sorted(hits, complete: false);
            hits.Add(version);
        }
        return Sorted(hits, complete: true);
    });

    public void UpdateMarkdown(VersionRecord version) => database.Execute(
        "UPDATE versions SET markdown = $2, text_hash = $3, sim_hash = $4, title = $5, extractor_version = $6 WHERE id = $1",
        version.Id, version.Markdown, version.TextHash, version.SimHash, version.Title, version.ExtractorVersion);
}
