using Harvester.Core.Versioning;
using Harvester.Storage;

namespace Harvester.Web;

/// <summary>One site as the site list shows it.</summary>
public sealed record SiteSummary(string Domain, string State, int FromYear, int ToYear, int Versions, string? LastChange, int HalfYearsWithPolicy);

/// <summary>Store-wide figures: the site list and the home page's charts, computed in one pass over the versions.</summary>
public sealed record StoreFigures(
    IReadOnlyList<SiteSummary> Sites,
    IReadOnlyList<(string HalfYear, int Policies)> PoliciesPerHalfYear,
    IReadOnlyList<(int Year, int MedianLength)> MedianLengthPerYear,
    DateTime ComputedAt);

/// <summary>
/// Keeps <see cref="StoreFigures"/> for a short while: the site list and the charts read every version, far too much
/// for each request; the figures are at most <see cref="MaxAge"/> old.
/// </summary>
public sealed class StoreSummary(IHarvesterStore store, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private StoreFigures? _figures;

    public StoreFigures Current()
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (_figures is { } fresh && now - fresh.ComputedAt < MaxAge) return fresh;
        _refresh.Wait();
        try
        {
            if (_figures is { } again && now - again.ComputedAt < MaxAge) return again;
            return _figures = Compute(now);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private StoreFigures Compute(DateTime now)
    {
        var perSite = new Dictionary<string, (int Versions, string? Last, int HalfYears)>(StringComparer.Ordinal);
        var perHalfYear = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var lengths = new SortedDictionary<int, List<int>>();
        foreach (var v in store.Versions.All())
        {
            perSite.TryGetValue(v.Site, out var s);
            perSite[v.Site] = (s.Versions + 1, s.Last is null || string.CompareOrdinal(v.FirstInterval, s.Last) > 0 ? v.FirstInterval : s.Last, s.HalfYears + v.Intervals.Count);
            int length = PolicyText.BodyLength(v.Markdown);
            foreach (var interval in v.Intervals)
            {
                perHalfYear[interval] = perHalfYear.GetValueOrDefault(interval) + 1;
                if (int.TryParse(interval.AsSpan(0, 4), out int year))
                {
                    if (!lengths.TryGetValue(year, out var list)) lengths[year] = list = [];
                    list.Add(length);
                }
            }
        }
        var sites = store.Sites.All().Select(s =>
        {
            perSite.TryGetValue(s.Domain, out var f);
            return new SiteSummary(s.Domain, s.State, s.FromYear, s.ToYear, f.Versions, f.Last, f.HalfYears);
        }).ToList();
        return new StoreFigures(sites, perHalfYear.Select(p => (p.Key, p.Value)).ToList(),
            lengths.Select(l => (l.Key, Median(l.Value))).ToList(), now);
    }

    private static int Median(List<int> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values[values.Count / 2];
    }
}
