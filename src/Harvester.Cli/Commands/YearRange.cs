using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary>The <c>--from</c>/<c>--to</c> pair of <c>add</c> and <c>crawl</c>, validated.</summary>
internal sealed class YearRange
{
    public const int FirstArchiveYear = 1996;

    public Option<int> From { get; } = new("--from") { Description = "First year.", DefaultValueFactory = _ => FirstArchiveYear };
    public Option<int> To { get; } = new("--to") { Description = "Last year (this year when not given).", DefaultValueFactory = _ => DateTime.UtcNow.Year };

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
