namespace Harvester.Worker;

/// <summary>How this <c>harvester run</c> was started, and how it ended (the process's exit code).</summary>
public sealed class WorkerRun
{
    /// <summary>Exit when the queue is empty instead of waiting for new work.</summary>
    public required bool Once { get; init; }

    /// <summary>The store's path (LiteDB) or address without password (PostgreSQL), for messages and the heartbeat file.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>The rate group this worker's archive budget belongs to (Wayback:RateGroup).</summary>
    public string? RateGroup { get; init; }

    public string HeartbeatPath => WorkerHeartbeat.PathFor(DatabasePath);

    private volatile string? _querySocket;

    /// <summary>The socket the worker answers queries on while it listens; null otherwise.</summary>
    public string? QuerySocket
    {
        get => _querySocket;
        set => _querySocket = value;
    }

    private volatile string? _stopReason;

    /// <summary>Why the worker stops or stopped ("SIGINT", "queue empty (--once)"…), for the heartbeat and <c>status</c>.</summary>
    public string? StopReason
    {
        get => _stopReason;
        set => _stopReason = value;
    }

    /// <summary>0 when the worker stopped as asked; 1 when it stopped on a failure it cannot work past (a full disk).</summary>
    public int ExitCode { get; set; }
}
