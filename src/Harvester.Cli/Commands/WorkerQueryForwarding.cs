using System.CommandLine;
using Harvester.Worker.Queries;

namespace Harvester.Cli.Commands;

/// <summary>While a worker holds the database, read-only commands are sent to it and run there.</summary>
internal static class WorkerQueryForwarding
{
    /// <summary>The command's exit code when a running worker carried it out; null when there is none to ask (run it here).</summary>
    public static async Task<int?> TryForwardAsync(
        ParseResult parseResult, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ServedQuery.Current is not null || !ServedQuery.IsQuery(parseResult)) return null;
        if (Harvester.Storage.StoreAddress.IsPostgres(GlobalOptions.Database(parseResult))) return null; // a shared store: open it here
        var worker = await RunningWorker.FindAsync(GlobalOptions.Database(parseResult), h => h.QuerySocket is not null, cancellationToken);
        if (worker is null) return null;
        return await QueryClient.TryRunAsync(worker.QuerySocket!, new QueryRequest(args, Directory.GetCurrentDirectory()), output, error, cancellationToken);
    }
}
