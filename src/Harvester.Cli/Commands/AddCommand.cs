using System.CommandLine;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester add DOMAIN... | --file LIST [--from YEAR] [--to YEAR]</c>: schedule sites.</summary>
internal static class AddCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sites = new SiteArguments();
        var years = new YearRange();
        var command = new Command("add", "Schedule sites for crawling (a job per site in the database's queue).");
        sites.AddTo(command);
        years.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (await sites.ReadAsync(parseResult, error) is not { } domains) return ExitCodes.Usage;
            if (await WorkerHandoff.TryHandOffAsync(parseResult, new InboxRequest(InboxRequest.Add, domains, parseResult.GetValue(years.From), parseResult.GetValue(years.To)), cancellationToken) is { } pid)
            {
                await output.WriteLineAsync($"handed {domains.Count} site{(domains.Count == 1 ? "" : "s")} to the running worker (pid {pid}); it queues them within seconds");
                return ExitCodes.Success;
            }
            using var session = StoreSession.Open(parseResult);
            Harvester.Crawl.SiteSchedule.Add(session.Stores, domains, parseResult.GetValue(years.From), parseResult.GetValue(years.To));
            await output.WriteLineAsync($"scheduled {domains.Count} site{(domains.Count == 1 ? "" : "s")} ({parseResult.GetValue(years.From)}-{parseResult.GetValue(years.To)}) in {session.Database.Path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
