using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary>The <c>--from</c>/<c>--to</c> pair of <c>add</c> and <c>crawl</c>, validated.</summary>
internal sealed class YearRange
{
    public const int FirstArchiveYear = Harvester.Storage.ISiteStore.FirstArchiveYear;

    /// <summary>The first year typed, or null: a scheduled site keeps its own.</summary>
    public int? FromGiven(ParseResult parseResult) => parseResult.GetResult(From) is { Implicit: false } ? parseResult.GetValue(From) : null;

    /// <summary>The last year typed, or null: a scheduled site keeps its own.</summary>
    public int? ToGiven(ParseResult parseResult) => parseResult.GetResult(To) is { Implicit: false } ? parseResult.GetValue(To) : null;

    public Option<int> From { get; } = new("--from") { Description = "First year.", DefaultValueFactory = _ => FirstArchiveYear };
    public Option<int> To { get; } = new("--to") { Description = "Last year (this year when not given).", DefaultValueFactory = _ => DateTime.UtcNow.Year };

    /// <summary>The years the sites are scheduled for, as stored: "2018-2019", or "years per site" when they differ.</summary>
    public static string Describe(Harvester.Storage.IHarvesterStore stores, IEnumerable<string> domains)
    {
        var wanted = domains.ToHashSet(StringComparer.Ordinal);
        // A few sites are looked up one by one; a long list reads the sites once (130,000 look-ups on a server took longer
        // than scheduling them).
        var sites = wanted.Count <= 100
            ? wanted.Select(stores.Sites.Find).OfType<Harvester.Storage.SiteRecord>()
            : stores.Sites.All().Where(s => wanted.Contains(s.Domain));
        var ranges = sites.Select(s => $"{s.FromYear}-{s.ToYear}").Distinct().ToList();
        return ranges.Count == 1 ? ranges[0] : "years per site, as scheduled before";
    }

    public void AddTo(Command command)
    {
        command.Options.Add(From);
        command.Options.Add(To);
        command.Validators.Add(result =>
        {
            int from, to;
            try
            {
                from = result.GetValue(From);
                to = result.GetValue(To);
            }
            catch (InvalidOperationException)
            {
                return; // not a number: already a parse error of its own
            }
            int thisYear = DateTime.UtcNow.Year;
            if (result.GetResult(From) is not null && (from < FirstArchiveYear || from > thisYear)) result.AddError($"--from {from} is not between {FirstArchiveYear} and {thisYear}.");
            if (result.GetResult(To) is not null && (to < FirstArchiveYear || to > thisYear)) result.AddError($"--to {to} is not between {FirstArchiveYear} and {thisYear}.");
            if (result.GetResult(From) is not null && result.GetResult(To) is not null && from > to) result.AddError($"--from {from} is after --to {to}.");
        });
    }
}
