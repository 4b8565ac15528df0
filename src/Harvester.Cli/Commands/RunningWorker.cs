using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Worker;

namespace Harvester.Cli.Commands;

/// <summary>Finds the worker that holds a database, if one does.</summary>
internal static class RunningWorker
{
    /// <summary>
    /// The heartbeat of the running worker that holds <paramref name="databasePath"/> and meets
    /// <paramref name="ready"/>; null when the database is free or held by something else (a <c>crawl</c>). A worker
    /// that has just started, and has not written its first heartbeat yet, is waited for up to
    /// <see cref="DatabaseLock.Patience"/>.
    /// </summary>
    public static async Task<WorkerHeartbeat?> FindAsync(string databasePath, Func<WorkerHeartbeat, bool> ready, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(databasePath);
        var giveUpAt = DateTime.UtcNow + DatabaseLock.Patience;
        while (true)
        {
            if (!File.Exists(path) || !DatabaseLock.IsHeldElsewhere(path)) return null;
            if (WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(path)) is { State: "running" } heartbeat && IsAlive(heartbeat) && ready(heartbeat))
            {
                return heartbeat;
            }
            if (DateTime.UtcNow >= giveUpAt) return null;
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>False when the heartbeat is a killed worker's (its process is gone), on this machine.</summary>
    private static bool IsAlive(WorkerHeartbeat heartbeat) =>
        heartbeat.Machine != Environment.MachineName || !OperatingSystem.IsLinux() || Directory.Exists($"/proc/{heartbeat.ProcessId}");
}
