using System.CommandLine;
using Harvester.Storage;
using Harvester.Worker;
using Harvester.Worker.Queries;

namespace Harvester.Cli.Commands;

/// <summary>While a worker holds the database, read-only commands are sent to it and run there.</summary>
internal static class WorkerQueryForwarding
{
    /// <summary>The command's exit code when a running worker carried it out; null when there is none to ask (run it here).</summary>
    public static async Task<int?> TryForwardAsync(
        ParseResult parseResult, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ServedQuery.Current is not null || !ServedQuery.Commands.Contains(parseResult.CommandResult.Command.Name)) return null;
        var path = Path.GetFullPath(parseResult.GetValue(GlobalOptions.Database)!);
        if (!File.Exists(path) || !DatabaseLock.IsHeldElsewhere(path)) return null;
        if (WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(path)) is not { State: not "stopped", QuerySocket: { } socket }) return null;
        return await QueryClient.TryRunAsync(socket, new QueryRequest(args, Directory.GetCurrentDirectory()), output, error, cancellationToken);
    }
}
