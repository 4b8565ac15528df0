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

    public void RecordEmpty(string site, string interval, string outcome, string? detail, int requests, string? homeTimestamp = null, string? policyUrl = null) =>
        database.InTransaction((c, t) =>
        {
            LockSite(c, t, site);
            UpsertInterval(c, t, new IntervalRecord
            {
                Site = site, Interval = interval, Outcome = outcome, Detail = detail, HomeTimestamp = homeTimestamp, PolicyUrl = policyUrl,
                Requests = requests, RecordedAt = time.GetUtcNow().UtcDateTime,
            });
        });

    public (int Number, bool IsNew) RecordFound(string site, string interval, VersionRecord candidate, int requests) =>
        database.InTransaction((c, t) =>
        {
            // One writer per site at a time (two workers on one site after a lease ran out): the second sees the first's
            // version and extends it instead of adding the same text again.
            LockSite(c, t, site);
            var now = Utc(time.GetUtcNow().UtcDateTime);
            // What deciding needs of each version, not its Markdown: a site's versions are read at every half-year.
            var heads = Query(c, t, "SELECT id, number, text_hash, sim_hash FROM versions WHERE site = $1 ORDER BY number",
                r => new VersionRecord { Id = r.GetInt32(0), Number = r.GetInt32(1), TextHash = r.GetString(2), SimHash = r.GetInt64(3) }, site);
            var decision = VersionLineage.Apply(heads, site, interval, candidate, now,
                id => Query(c, t, $"SELECT {VersionColumns} FROM versions WHERE id = $1", Version, id).Single());
            var v = decision.Version;
            if (decision.IsNew)
            {
                v.Id = Convert.ToInt32(Scalar(c, t, $"""
                    INSERT INTO versions ({VersionColumns[4..]}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                    RETURNING id
                    """, v.Site, v.Number, v.PolicyUrl, v.PolicyTimestamp, v.SnapshotUrl, v.HomeTimestamp, v.Title, v.Markdown, v.TextHash,
                    v.SimHash, v.NearDuplicateOf, v.ExtractorVersion, v.PayloadSha256, v.Charset, v.FirstInterval, v.LastInterval,
                    v.Intervals.ToArray(), Utc(v.CreatedAt)), System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                Execute(c, t, "UPDATE versions SET intervals = $2, first_interval = $3, last_interval = $4 WHERE id = $1",
                    v.Id, v.Intervals.ToArray(), v.FirstInterval, v.LastInterval);
            }
            UpsertInterval(c, t, VersionLineage.FoundInterval(site, interval, v, candidate, requests, now));
            return (v.Number, decision.IsNew);
        });

    private static void LockSite(NpgsqlConnection c, NpgsqlTransaction t, string site) =>
        Execute(c, t, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", "site:" + site);

    private static void UpsertInterval(NpgsqlConnection c, NpgsqlTransaction t, IntervalRecord i) => Execute(c, t, $"""
        INSERT INTO intervals ({IntervalColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
        ON CONFLICT (site, interval) DO UPDATE SET outcome = $3, detail = $4, home_timestamp = $5, policy_url = $6, policy_timestamp = $7,
            version = $8, requests = $9, recorded_at = $10
        """, i.Site, i.Interval, i.Outcome, i.Detail, i.HomeTimestamp, i.PolicyUrl, i.PolicyTimestamp, i.Version, i.Requests, Utc(i.RecordedAt));

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
