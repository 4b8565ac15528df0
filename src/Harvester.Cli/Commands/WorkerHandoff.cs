using System.CommandLine;
using Harvester.Storage;
using Harvester.Worker;

namespace Harvester.Cli.Commands;

/// <summary>When a worker has the database, commands that change the queue leave their request in its inbox.</summary>
internal static class WorkerHandoff
{
    /// <summary>The running worker's process id when the request was handed to it; null when no worker runs (do it directly).</summary>
    public static int? TryHandOff(ParseResult parseResult, InboxRequest request)
    {
        var path = Path.GetFullPath(parseResult.GetValue(GlobalOptions.Database)!);
        if (!File.Exists(path) || !DatabaseLock.IsHeldElsewhere(path)) return null;
        if (WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(path)) is not { State: "running" } heartbeat) return null; // a 'crawl': opening says so
        SiteInbox.Drop(path, request);
        return heartbeat.ProcessId;
    }
}
