using System.CommandLine;
using System.Globalization;
using Harvester.Core.Crawling;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester show DOMAIN [--at DATE | --version N]</c>: one version's Markdown (the latest by default).</summary>
internal static class ShowCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var domain = new Argument<string>("DOMAIN");
        var at = new Option<string?>("--at") { Description = "The version in force on this date (YYYY-MM-DD)." };
        var version = new Option<int?>("--version") { Description = "Version number (see 'harvester versions')." };
        var command = new Command("show", "Print a site's policy version as Markdown.") { domain, at, version };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var site = parseResult.GetValue(domain)!.ToLowerInvariant();
            using var session = StoreSession.OpenExisting(parseResult);
            var versions = session.Stores.Versions.ForSite(site);
            VersionRecord? chosen;
            if (parseResult.GetValue(version) is { } number)
            {
                chosen = versions.FirstOrDefault(v => v.Number == number);
            }
            else if (parseResult.GetValue(at) is { } date)
            {
                if (!DateTime.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    await error.WriteLineAsync($"harvester: --at '{date}' is not a date (YYYY-MM-DD)");
                    return ExitCodes.Usage;
                }
                var label = new HalfYear(day.Year, day.Month >= 7).Label;
                chosen = versions.FirstOrDefault(v => v.Intervals.Contains(label))
                         ?? versions.Where(v => string.CompareOrdinal(v.FirstInterval, label) <= 0).MaxBy(v => v.FirstInterval);
            }
            else
            {
                chosen = versions.MaxBy(v => v.LastInterval);
            }
            if (chosen is null)
            {
                await error.WriteLineAsync($"harvester: no such version of {site} in {session.Database.Path}");
                return ExitCodes.SomeFailed;
            }
            await output.WriteAsync(chosen.Markdown);
            return ExitCodes.Success;
        });
        return command;
    }
}
