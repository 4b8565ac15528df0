using System.CommandLine;

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
            using var session = StoreSession.Open(parseResult);
            int count = session.Stores.Jobs.RetryFailed(parseResult.GetValue(domain)?.ToLowerInvariant());
            await output.WriteLineAsync($"queued {count} failed job{(count == 1 ? "" : "s")} again");
            return ExitCodes.Success;
        });
        return command;
    }
}
