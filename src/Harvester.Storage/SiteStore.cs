namespace Harvester.Storage;

/// <summary>The scheduled sites and their year ranges.</summary>
public sealed class SiteStore(HarvesterDatabase database, TimeProvider time)
{
    /// <summary>Adds a site, or widens the year range of one already there (and sets it pending again).</summary>
    public SiteRecord Add(string domain, int fromYear, int toYear)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var existing = database.Read(() => database.Sites.FindById(domain));
        var site = existing ?? new SiteRecord { Domain = domain, AddedAt = now };
        site.FromYear = existing is null ? fromYear : Math.Min(existing.FromYear, fromYear);
        site.ToYear = existing is null ? toYear : Math.Max(existing.ToYear, toYear);
        site.State = SiteStates.Pending;
        site.UpdatedAt = now;
        database.Write(() => database.Sites.Upsert(site));
        return site;
    }

    public SiteRecord? Find(string domain) => database.Read(() => database.Sites.FindById(domain));

    public IReadOnlyList<SiteRecord> All() => database.Read(() => database.Sites.FindAll().OrderBy(s => s.Domain, StringComparer.Ordinal).ToList());

    public void Finish(string domain, string state, long requests)
    {
        var site = database.Read(() => database.Sites.FindById(domain)) ?? throw new StorageException($"unknown site {domain}");
        site.State = state;
        site.Requests += requests;
        site.UpdatedAt = time.GetUtcNow().UtcDateTime;
        database.Write(() => database.Sites.Update(site));
    }
}
