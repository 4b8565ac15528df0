using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester status</c>: sites, queue, versions, and why half-years yielded nothing.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("status", "Show sites, the job queue, versions and failures.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = StoreSession.Open(parseResult);
            var sites = session.Stores.Sites.All();
            var jobs = session.Stores.Jobs.CountByState();
            await output.WriteLineAsync($"database {session.Database.Path}");
            await output.WriteLineAsync($"sites: {sites.Count} ({string.Join(", ", sites.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"))})");
            await output.WriteLineAsync($"jobs: {string.Join(", ", jobs.OrderBy(j => j.Key).Select(j => $"{j.Value} {j.Key}"))}");
            await output.WriteLineAsync($"versions: {session.Stores.Versions.Count}; archive calls so far: {sites.Sum(s => s.Requests)}");
            var outcomes = sites.SelectMany(s => session.Stores.Versions.Intervals(s.Domain)).GroupBy(i => i.Outcome).OrderBy(g => g.Key);
            await output.WriteLineAsync($"half-years: {string.Join(", ", outcomes.Select(g => $"{g.Count()} {g.Key}"))}");
            foreach (var job in session.Stores.Jobs.Failed()) await output.WriteLineAsync($"failed: {job.Site} after {job.Attempts} attempts: {job.LastError}");
            return ExitCodes.Success;
        });
        return command;
    }
}
