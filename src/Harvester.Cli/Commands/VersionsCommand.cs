using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester versions DOMAIN</c>: every version with its provenance, and the half-years without one.</summary>
internal static class VersionsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var domain = StoredSite.DomainArgument();
        var json = JsonOutput.Flag();
        var command = new Command("versions", "List a site's policy versions with their provenance.") { domain, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = StoreSession.OpenExisting(parseResult);
            var stored = StoredSite.Load(session, parseResult.GetValue(domain)!);
            var site = stored.Domain;
            if (parseResult.GetValue(json))
            {
                var halfYears = session.Store.Versions.Intervals(site)
                    .Select(i => new HalfYearJson(i.Interval, i.Outcome, i.Version, i.Detail, i.HomeTimestamp, i.PolicyUrl, i.PolicyTimestamp)).ToList();
                await JsonOutput.WriteAsync(output, new VersionsJson(site, stored.Versions.Select(v => JsonOutput.Version(v)).ToList(), halfYears));
                return ExitCodes.Success;
            }
            foreach (var v in stored.Versions)
            {
                var near = v.NearDuplicateOf is { } n ? $"  (nearly identical to v{n})" : string.Empty;
                await output.WriteLineAsync($"v{v.Number}  {v.FirstInterval}..{v.LastInterval} ({Counted.Of(v.Intervals.Count, "half-year")})  captured {v.PolicyTimestamp}  {v.PolicyUrl}  \"{v.Title}\"{near}");
                await output.WriteLineAsync($"     snapshot {v.SnapshotUrl}  home page {v.HomeTimestamp}  text {v.TextHash[..12]}  extractor {v.ExtractorVersion}");
            }
            foreach (var i in session.Store.Versions.Intervals(site).Where(i => i.Version is null))
            {
                await output.WriteLineAsync($"{i.Interval}: {i.Outcome}: {i.Detail}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
