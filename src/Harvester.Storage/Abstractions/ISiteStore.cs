namespace Harvester.Storage;

/// <summary>The scheduled sites and their year ranges.</summary>
public interface ISiteStore
{
    /// <summary>The first year the Wayback Machine holds captures of: a new site's default first year.</summary>
    const int FirstArchiveYear = 1996;

    /// <summary>
    /// Adds a site, or sets the years of one already there, and sets it pending again. A year given is the one used
    /// from now on (the crawl does exactly the years asked for); a year not given (null) keeps the site's own, or for
    /// a new site is <see cref="FirstArchiveYear"/> and this year. Half-years stored outside the range stay stored.
    /// </summary>
    SiteRecord Add(string domain, int? fromYear, int? toYear);

    /// <summary>
    /// <see cref="Add"/> for many sites at once, with the same rules (a domain listed twice counts once). A backend
    /// where each call is a round trip to a server writes them in a few statements: 130,000 sites of a list.
    /// </summary>
    void AddMany(IReadOnlyCollection<string> domains, int? fromYear, int? toYear)
    {
        foreach (var domain in domains.Distinct(StringComparer.Ordinal)) Add(domain, fromYear, toYear);
    }

    SiteRecord? Find(string domain);

    /// <summary>Every site, by domain (ordinal).</summary>
    IReadOnlyList<SiteRecord> All();

    /// <summary>Sets a site's state after a crawl and adds the requests it spent.</summary>
    /// <exception cref="StorageException">The site is unknown.</exception>
    void Finish(string domain, string state, long requests);

    int Count { get; }
}
