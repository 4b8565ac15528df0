using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresSiteStore(PostgresDatabase database, TimeProvider time) : ISiteStore
{
    public SiteRecord Add(string domain, int? fromYear, int? toYear) => database.InTransaction((c, t) =>
    {
        var now = Utc(time.GetUtcNow().UtcDateTime);
        var existing = Query(c, t, $"SELECT {SiteColumns} FROM sites WHERE domain = $1 FOR UPDATE", Site, domain).FirstOrDefault();
        var site = existing ?? new SiteRecord { Domain = domain, AddedAt = now };
        site.FromYear = fromYear ?? existing?.FromYear ?? ISiteStore.FirstArchiveYear;
        site.ToYear = toYear ?? existing?.ToYear ?? now.Year;
        if (site.FromYear > site.ToYear) (site.FromYear, site.ToYear) = fromYear is null ? (site.ToYear, site.ToYear) : (site.FromYear, site.FromYear);
        site.State = SiteStates.Pending;
        site.UpdatedAt = now;
        Execute(c, t, """
            INSERT INTO sites (domain, from_year, to_year, state, added_at, updated_at, requests) VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (domain) DO UPDATE SET from_year = $2, to_year = $3, state = $4, updated_at = $6
            """, site.Domain, site.FromYear, site.ToYear, site.State, Utc(site.AddedAt), site.UpdatedAt, site.Requests);
        return site;
    });

    public void AddMany(IReadOnlyCollection<string> domains, int? fromYear, int? toYear)
    {
        var distinct = domains.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length == 0) return;
        var now = Utc(time.GetUtcNow().UtcDateTime);
        // Add's rules in one statement: a year given replaces the site's own, a year not given keeps it (new sites:
        // 1996 and this year); a range given backwards collapses onto the year given.
        database.Run(c => Execute(c, null, """
            INSERT INTO sites (domain, from_year, to_year, state, added_at, updated_at, requests)
            SELECT d, CASE WHEN f > t AND $2::int IS NULL THEN t ELSE f END, CASE WHEN f > t AND $2::int IS NOT NULL THEN f ELSE t END, 'pending', $5, $5, 0
            FROM (SELECT d, n, COALESCE($2::int, $4) AS f, COALESCE($3::int, $6) AS t FROM unnest($1::text[]) WITH ORDINALITY AS u(d, n)) s
            ORDER BY n
            ON CONFLICT (domain) DO UPDATE SET
                from_year = CASE WHEN COALESCE($2::int, sites.from_year) > COALESCE($3::int, sites.to_year) AND $2::int IS NULL
                    THEN COALESCE($3::int, sites.to_year) ELSE COALESCE($2::int, sites.from_year) END,
                to_year = CASE WHEN COALESCE($2::int, sites.from_year) > COALESCE($3::int, sites.to_year) AND $2::int IS NOT NULL
                    THEN COALESCE($2::int, sites.from_year) ELSE COALESCE($3::int, sites.to_year) END,
                state = 'pending', updated_at = $5
            """, distinct, (object?)fromYear ?? DBNull.Value, (object?)toYear ?? DBNull.Value, ISiteStore.FirstArchiveYear, now, now.Year));
    }

    public SiteRecord? Find(string domain) =>
        database.Run(c => Query(c, null, $"SELECT {SiteColumns} FROM sites WHERE domain = $1", Site, domain).FirstOrDefault());

    public IReadOnlyList<SiteRecord> All() =>
        database.Run(c => Query(c, null, $"SELECT {SiteColumns} FROM sites ORDER BY domain COLLATE \"C\"", Site));

    public void Finish(string domain, string state, long requests)
    {
        int changed = database.Run(c => Execute(c, null, "UPDATE sites SET state = $2, requests = requests + $3, updated_at = $4 WHERE domain = $1",
            domain, state, requests, Utc(time.GetUtcNow().UtcDateTime)));
        if (changed == 0) throw new StorageException($"unknown site {domain}");
    }

    public int Count => database.Run(c => Convert.ToInt32(Scalar(c, null, "SELECT count(*) FROM sites"), System.Globalization.CultureInfo.InvariantCulture));
}
