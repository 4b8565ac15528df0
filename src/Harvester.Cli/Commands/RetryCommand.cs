using System.CommandLine;
using Harvester.Storage;
using Harvester.Storage.LiteDb;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester retry [DOMAIN]</c>: puts failed jobs back in the queue.</summary>
internal static class RetryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var domain = new Argument<string?>("DOMAIN") { Arity = ArgumentArity.ZeroOrOne, Description = "Only this site; default every failed job." };
        var command = new Command("retry", "Queue failed jobs again (see 'harvester status' for their reasons).") { domain };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var site = parseResult.GetValue(domain)?.ToLowerInvariant();
            if (await WorkerHandoff.TryHandOffAsync(parseResult, new InboxRequest(InboxRequest.Retry, site is null ? [] : [site]), cancellationToken) is { } pid)
            {
                await output.WriteLineAsync($"asked the running worker (pid {pid}) to queue failed jobs again");
                return ExitCodes.Success;
            }
            using var session = StoreSession.OpenExisting(parseResult);
            int count = session.Store.Jobs.RetryFailed(site);
            await output.WriteLineAsync($"queued {Counted.Of(count, "failed job")} again");
            return ExitCodes.Success;
        });
        return command;
    }
}
