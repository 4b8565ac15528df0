using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester versions DOMAIN</c>: every version with its provenance, and the half-years without one.</summary>
internal static class VersionsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var domain = new Argument<string>("DOMAIN");
        var command = new Command("versions", "List a site's policy versions with their provenance.") { domain };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var site = parseResult.GetValue(domain)!.ToLowerInvariant();
            using var session = StoreSession.OpenExisting(parseResult);
            if (session.Stores.Sites.Find(site) is null)
            {
                await error.WriteLineAsync($"harvester: {site} is not in {session.Database.Path} (add it with 'harvester add {site}')");
                return ExitCodes.SomeFailed;
            }
            foreach (var v in session.Stores.Versions.ForSite(site))
            {
                var near = v.NearDuplicateOf is { } n ? $"  (nearly identical to v{n})" : string.Empty;
                await output.WriteLineAsync($"v{v.Number}  {v.FirstInterval}..{v.LastInterval} ({v.Intervals.Count} half-years)  captured {v.PolicyTimestamp}  {v.PolicyUrl}  \"{v.Title}\"{near}");
                await output.WriteLineAsync($"     snapshot {v.SnapshotUrl}  home page {v.HomeTimestamp}  text {v.TextHash[..12]}  extractor {v.ExtractorVersion}");
            }
            foreach (var i in session.Stores.Versions.Intervals(site).Where(i => i.Version is null))
            {
                await output.WriteLineAsync($"{i.Interval}: {i.Outcome}: {i.Detail}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
