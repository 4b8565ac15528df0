namespace Harvester.Storage.LiteDb;

/// <summary>The scheduled sites and their year ranges.</summary>
public sealed class LiteDbSiteStore(LiteDbFile database, TimeProvider time) : ISiteStore
{
    private const int FirstArchiveYear = ISiteStore.FirstArchiveYear;

    /// <summary>
    /// Adds a site, or sets the years of one already there, and sets it pending again. A year given is the one used
    /// from now on (the crawl does exactly the years asked for); a year not given (null) keeps the site's own, or for
    /// a new site is <see cref="FirstArchiveYear"/> and this year. Half-years stored outside the range stay stored.
    /// </summary>
    public SiteRecord Add(string domain, int? fromYear, int? toYear)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = database.Read(() => database.ById(database.Sites, domain));
        var site = existing ?? new SiteRecord { Domain = domain, AddedAt = now };
        site.FromYear = fromYear ?? existing?.FromYear ?? FirstArchiveYear;
        site.ToYear = toYear ?? existing?.ToYear ?? now.Year;
        if (site.FromYear > site.ToYear) (site.FromYear, site.ToYear) = fromYear is null ? (site.ToYear, site.ToYear) : (site.FromYear, site.FromYear);
        site.State = SiteStates.Pending;
        site.UpdatedAt = now;
        database.Write(() => database.Sites.Upsert(site));
        return site;
    }

    /// <summary>Every site in one transaction: one commit instead of one a site.</summary>
    public void AddMany(IReadOnlyCollection<string> domains, int? fromYear, int? toYear) => database.Write(() =>
    {
        foreach (var domain in domains.Distinct(StringComparer.Ordinal)) Add(domain, fromYear, toYear);
    });

    public SiteRecord? Find(string domain) => database.Read(() => database.ById(database.Sites, domain));

    public IReadOnlyList<SiteRecord> All() => database.Read(() => database.Sites.FindAll().OrderBy(s => s.Domain, StringComparer.Ordinal).ToList());

    public int Count => database.Read(() => database.Sites.Count());

    /// <summary>Read and written under the gate once: no other writer's requests are lost in between.</summary>
    public void Finish(string domain, string state, long requests) =>
        database.Write(() => Finish(database, domain, state, requests, time.GetUtcNow().UtcDateTime));

    /// <summary>Sets a site's state and adds its requests, inside the caller's transaction (a job's completion, say).</summary>
    /// <exception cref="StorageException">The site is unknown.</exception>
    internal static void Finish(LiteDbFile database, string domain, string state, long requests, DateTime now)
    {
        var site = database.ById(database.Sites, domain) ?? throw new StorageException($"unknown site {domain}");
        site.State = state;
        site.Requests += requests;
        site.UpdatedAt = now;
        database.Sites.Update(site);
    }
}
