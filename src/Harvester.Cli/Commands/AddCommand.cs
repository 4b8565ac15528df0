using System.CommandLine;
using Harvester.Storage;
using Harvester.Storage.LiteDb;

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
            if (await WorkerHandoff.TryHandOffAsync(parseResult, new InboxRequest(InboxRequest.Add, domains, years.FromGiven(parseResult), years.ToGiven(parseResult)), cancellationToken) is { } pid)
            {
                await output.WriteLineAsync($"handed {Counted.Of(domains.Count, "site")} to the running worker (pid {pid}); it queues them within seconds");
                return ExitCodes.Success;
            }
            using var session = StoreSession.Open(parseResult);
            Harvester.Crawl.SiteSchedule.Add(session.Store, domains, years.FromGiven(parseResult), years.ToGiven(parseResult));
            await output.WriteLineAsync($"scheduled {Counted.Of(domains.Count, "site")} ({YearRange.Describe(session.Store, domains)}) in {session.Store.Location}");
            return ExitCodes.Success;
        });
        return command;
    }
}
