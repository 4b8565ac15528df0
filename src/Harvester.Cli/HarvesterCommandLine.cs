using System.CommandLine;
using Harvester.Archive;
using Harvester.Cli.Commands;
using Harvester.Storage;

namespace Harvester.Cli;

/// <summary>The <c>harvester</c> command: parses the arguments and runs the chosen subcommand.</summary>
public static class HarvesterCommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Harvester: collects the history of website privacy policies from web archives.");
        GlobalOptions.AddTo(root);
        root.Subcommands.Add(ExtractCommand.Create(output, error));
        root.Subcommands.Add(CapturesCommand.Create(output, error));
        root.Subcommands.Add(IndexCommand.Create(output, error));
        root.Subcommands.Add(PlanCommand.Create(output, error));
        root.Subcommands.Add(AddCommand.Create(output, error));
        root.Subcommands.Add(CrawlCommand.Create(output, error));
        root.Subcommands.Add(StatusCommand.Create(output, error));
        root.Subcommands.Add(VersionsCommand.Create(output, error));
        root.Subcommands.Add(ShowCommand.Create(output, error));
        root.Subcommands.Add(DiffCommand.Create(output, error));
        root.Subcommands.Add(SearchCommand.Create(output, error));
        root.Subcommands.Add(ExportCommand.Create(output, error));
        root.Subcommands.Add(ReextractCommand.Create(output, error));
        root.Subcommands.Add(RetryCommand.Create(output, error));
        root.Subcommands.Add(CheckCommand.Create(output, error));
        root.Subcommands.Add(MigrateCommand.Create(output, error));
        root.Subcommands.Add(RunCommand.Create(output, error));
        root.Subcommands.Add(ServeCommand.Create(output, error));

        CommandHelp.Customize(root, output);

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not (CommandHelp.RootHelpAction or CommandHelp.VersionAction))
        {
            // One line: the error that names what was typed (an unknown command's "no command given" says nothing more).
            var first = parseResult.Errors.FirstOrDefault(e => e.Message != CommandHelp.NoCommandMessage) ?? parseResult.Errors[0];
            var command = parseResult.CommandResult.Command;
            var helpFor = command == root ? "harvester" : $"harvester {command.Name}";
            await error.WriteLineAsync($"harvester: {CommandHelp.Plain(first.Message)}; run '{helpFor} --help' for usage");
            return ExitCodes.Usage;
        }
        if (ServedQuery.Current is not null && !ServedQuery.IsQuery(parseResult))
        {
            await error.WriteLineAsync($"harvester: a running worker answers only {string.Join(", ", ServedQuery.Commands)}");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        // The worker handles its own signals (a grace period, then a second signal stops at once); System.CommandLine
        // would otherwise end the process two seconds after the first one.
        if (parseResult.CommandResult.Command.Name == "run") configuration.ProcessTerminationTimeout = null;
        try
        {
            if (await WorkerQueryForwarding.TryForwardAsync(parseResult, args, output, error, cancellationToken) is { } served) return served;
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (DamagedStoreException e)
        {
            await error.WriteLineAsync($"harvester: {e.Message}");
            return ExitCodes.Damaged;
        }
        catch (NotFoundException e)
        {
            await error.WriteLineAsync($"harvester: {e.Message}");
            return ExitCodes.NotFound;
        }
        catch (Exception e) when (e is ArchiveException or StorageException or SettingsException)
        {
            // One line, no stack trace: a bad setting is a usage error, the rest are failures of the work.
            await error.WriteLineAsync($"harvester: {e.Message}");
            return e is SettingsException ? ExitCodes.Usage : ExitCodes.SomeFailed;
        }
        catch (IOException e)
        {
            // A file the command reads or writes failed (a full disk, say); committed data is not affected.
            await error.WriteLineAsync($"harvester: {e.Message}");
            return ExitCodes.SomeFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("harvester: cancelled; everything finished before stays stored");
            return ExitCodes.SomeFailed;
        }
        catch (Exception e) when (DamagedStoreException.IsDamage(e) && e.StackTrace?.Contains("LiteDB", StringComparison.Ordinal) == true)
        {
            // A read that escaped the store's own checks: still damage, still one line.
            await error.WriteLineAsync($"harvester: {GlobalOptions.Database(parseResult)}: damaged ({e.Message.ReplaceLineEndings(" ")}); run 'harvester check' to see what is affected");
            return ExitCodes.Damaged;
        }
        catch (Exception e)
        {
            // Nothing unforeseen reaches a user as a stack trace: one line, and a code that says it is a bug.
            await error.WriteLineAsync($"harvester: unexpected error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); please report it");
            return ExitCodes.Internal;
        }
    }
}
