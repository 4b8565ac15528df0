using System.Text.RegularExpressions;
using Harvester.Storage;

namespace Harvester.Web.Api;

/// <summary>What both the API and the pages ask of the store, with the same validation and the same not-found answers.</summary>
public sealed partial class StoreQueries(IHarvesterStore store, StoreSummary summary, TimeProvider time)
{
    public IHarvesterStore Store => store;
    public StoreSummary Summary => summary;

    public const int DefaultPage = 50;
    public const int MaxPage = 500;

    [GeneratedRegex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$")]
    private static partial Regex DomainPattern();

    /// <summary>The site's normalised domain, or a 400 when it cannot be one.</summary>
    public static string Domain(string domain)
    {
        var d = domain.Trim().ToLowerInvariant();
        if (!DomainPattern().IsMatch(d)) throw new BadRequestException($"'{Shorten(domain)}' is not a domain name");
        return d;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;

    public SiteRecord Site(string domain) => store.Sites.Find(Domain(domain)) ?? throw new NotFoundException($"{Domain(domain)} is not in the store");

    public VersionRecord Version(string domain, int number)
    {
        var site = Site(domain);
        return store.Versions.Find(site.Domain, number) ?? throw new NotFoundException($"{site.Domain} has no version {number}");
    }

    public SitePage Sites(string? name, string? sort, string? cursor, int? limit)
    {
        int size = PageSize(limit);
        var all = summary.Current().Sites.AsEnumerable();
        if (!string.IsNullOrWhiteSpace(name)) all = all.Where(s => s.Domain.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase));
        var ordered = (sort ?? "name") switch
        {
            "name" => all.OrderBy(s => s.Domain, StringComparer.Ordinal).Select(s => (Key: s.Domain, Site: s)),
            "versions" => all.OrderByDescending(s => s.Versions).ThenBy(s => s.Domain, StringComparer.Ordinal)
                .Select(s => (Key: $"{999_999 - s.Versions:D6}|{s.Domain}", Site: s)),
            "changed" => all.OrderByDescending(s => s.LastChange ?? string.Empty, StringComparer.Ordinal).ThenBy(s => s.Domain, StringComparer.Ordinal)
                .Select(s => (Key: $"{Invert(s.LastChange ?? string.Empty)}|{s.Domain}", Site: s)),
            _ => throw new BadRequestException($"sort '{Shorten(sort!)}' is not one of name, versions, changed"),
        };
        var list = ordered.ToList();
        var after = cursor is null ? null : Cursor.Decode(cursor) ?? throw new BadRequestException("the cursor is not one this server gave");
        var page = list.Where(p => after is null || string.CompareOrdinal(p.Key, after) > 0).Take(size + 1).ToList();
        string? next = page.Count > size ? Cursor.Encode(page[size - 1].Key) : null;
        return new SitePage(page.Take(size).Select(p => p.Site).ToList(), list.Count, next);
    }

    /// <summary>A key that sorts descending labels ascending (for "changed" order in a cursor).</summary>
    private static string Invert(string label) => new(label.Select(c => (char)(0xFFFF - c)).ToArray());

    public static int PageSize(int? limit) => limit switch
    {
        null => DefaultPage,
        < 1 or > MaxPage => throw new BadRequestException($"limit must be between 1 and {MaxPage}"),
        { } l => l,
    };

    public SiteJson SiteDetail(string domain)
    {
        var site = Site(domain);
        var halfYears = store.Versions.Intervals(site.Domain)
            .Select(i => new HalfYearJson(i.Interval, i.Outcome, i.Detail, i.Version, i.HomeTimestamp, i.PolicyUrl, i.PolicyTimestamp)).ToList();
        return new SiteJson(site.Domain, site.State, site.FromYear, site.ToYear, halfYears, store.Versions.ForSite(site.Domain).Select(VersionJson.From).ToList());
    }

    public (VersionRecord From, VersionRecord To, IReadOnlyList<DiffHunk> Hunks) Diff(string domain, int? from, int? to)
    {
        var site = Site(domain);
        var versions = store.Versions.ForSite(site.Domain);
        if (from is null && to is null)
        {
            if (versions.Count < 2) throw new NotFoundException($"{site.Domain} has fewer than two versions");
            return (versions[^2], versions[^1], PolicyDiff.Between(versions[^2].Markdown, versions[^1].Markdown));
        }
        if (from is null || to is null) throw new BadRequestException("give both from and to, or neither for the last two versions");
        var a = versions.FirstOrDefault(v => v.Number == from) ?? throw new NotFoundException($"{site.Domain} has no version {from}");
        var b = versions.FirstOrDefault(v => v.Number == to) ?? throw new NotFoundException($"{site.Domain} has no version {to}");
        return (a, b, PolicyDiff.Between(a.Markdown, b.Markdown));
    }

    public SearchJson Search(string? q, string? site, string? cursor, int? limit)
    {
        if (string.IsNullOrWhiteSpace(q)) throw new BadRequestException("give a phrase to search for (q)");
        if (q.Length > 200) throw new BadRequestException("the phrase is longer than 200 characters");
        int size = PageSize(limit);
        int offset = 0;
        if (cursor is not null && (!int.TryParse(Cursor.Decode(cursor), out offset) || offset < 0)) throw new BadRequestException("the cursor is not one this server gave");
        var domain = site is null ? null : Domain(site);
        // Hits come in the order they were stored, which new versions only extend: an offset into it is a stable cursor.
        var result = store.Versions.Search(q, domain, offset + size + 1);
        var ordered = result.Versions.OrderBy(v => v.Id).ToList();
        var page = ordered.Skip(offset).Take(size).OrderBy(v => v.Site, StringComparer.Ordinal).ThenBy(v => v.Number)
            .Select(v => new SearchHitJson(v.Site, v.Number, v.PolicyTimestamp, v.FirstInterval, v.LastInterval, Snippets.Of(v.Markdown, q))).ToList();
        return new SearchJson(q, domain, page, ordered.Count > offset + size ? Cursor.Encode((offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture)) : null);
    }

    public StatusJson Status()
    {
        var sites = store.Sites.All().GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count());
        var now = time.GetUtcNow().UtcDateTime;
        return new StatusJson(store.Location, sites, store.Jobs.CountByState(), store.Versions.Count, store.Versions.CountIntervalsByOutcome(),
            store.Jobs.FailuresByKind(), store.Jobs.DoneSince(now.AddHours(-1)).Count,
            store.Workers.Since(now.AddMinutes(-10)).Select(w => new WorkerJson(w.Host, w.ProcessId, w.RateGroup, w.State, w.InFlight, w.UpdatedAt)).ToList());
    }
}

/// <summary>A request the API cannot answer as asked: 400 with the reason.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>Something asked for is not in the store: 404 with what.</summary>
public sealed class NotFoundException(string message) : Exception(message);
