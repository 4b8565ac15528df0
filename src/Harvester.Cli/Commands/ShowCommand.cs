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
        var domain = StoredSite.DomainArgument();
        var at = new Option<string?>("--at") { Description = "The version in force on this date (YYYY-MM-DD)." };
        var version = new Option<int?>("--version") { Description = "Version number (see 'harvester versions')." };
        var json = JsonOutput.Flag();
        var command = new Command("show", "Print a site's policy version as Markdown.") { domain, at, version, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = StoreSession.OpenExisting(parseResult);
            var stored = StoredSite.Load(session, parseResult.GetValue(domain)!);
            var site = stored.Domain;
            var versions = stored.Versions;
            VersionRecord? chosen;
            if (versions.Count == 0) throw new NotFoundException($"{site} has {stored.Has()}");
            if (parseResult.GetValue(version) is { } number)
            {
                chosen = stored.Version(number);
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
                if (chosen is null)
                {
                    var first = versions.MinBy(v => v.FirstInterval)!;
                    throw new NotFoundException(
                        $"{site} has no version in force on {date} ({label}): its first version, v{first.Number}, was first seen in {first.FirstInterval} (captured {first.PolicyTimestamp})");
                }
            }
            else
            {
                chosen = versions.MaxBy(v => v.LastInterval);
            }
            if (parseResult.GetValue(json)) await JsonOutput.WriteAsync(output, JsonOutput.Version(chosen!, withMarkdown: true));
            else await output.WriteAsync(chosen!.Markdown);
            return ExitCodes.Success;
        });
        return command;
    }
}
