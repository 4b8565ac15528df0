using System.CommandLine;
using Harvester.Storage;
using Harvester.Storage.LiteDb;

namespace Harvester.Cli.Commands;

/// <summary>When a worker has the database, commands that change the queue leave their request in its inbox.</summary>
internal static class WorkerHandoff
{
    /// <summary>The running worker's process id when the request was handed to it; null when no worker runs (do it directly).</summary>
    public static async Task<int?> TryHandOffAsync(ParseResult parseResult, InboxRequest request, CancellationToken cancellationToken)
    {
        if (StoreAddress.IsPostgres(GlobalOptions.Database(parseResult))) return null; // a shared store: every command writes to it itself
        var path = Path.GetFullPath(GlobalOptions.Database(parseResult));
        if (await RunningWorker.FindAsync(path, _ => true, cancellationToken) is not { } worker) return null; // a 'crawl': opening says so
        SiteInbox.Drop(path, request);
        return worker.ProcessId;
    }
}
