namespace Harvester.Storage;

/// <summary>
/// The workers of a shared store and what each last said about itself, so that <c>status</c> on any machine sees the
/// whole cluster. (A LiteDB file has one worker, which also writes its heartbeat to a file beside the store.)
/// </summary>
public interface IWorkerRegistry
{
    /// <summary>
    /// Records a worker's heartbeat, replacing its previous one, and forgets the workers silent for
    /// <see cref="ForgottenAfter"/> before it: one row per process start would otherwise pile up for ever.
    /// </summary>
    void Beat(WorkerRecord worker);

    /// <summary>How long a silent worker is remembered (and shown as silent) before it is forgotten.</summary>
    static readonly TimeSpan ForgottenAfter = TimeSpan.FromDays(7);

    /// <summary>Workers that beat since <paramref name="since"/>, by host and process id.</summary>
    IReadOnlyList<WorkerRecord> Since(DateTime since);
}

/// <summary>One worker's last heartbeat.</summary>
public sealed class WorkerRecord
{
    /// <summary>The worker's lease-owner name (<c>machine:pid:nonce</c>).</summary>
    public string Id { get; set; } = string.Empty;
    public string Host { get; set; } = string.Empty;
    public int ProcessId { get; set; }
    public string RateGroup { get; set; } = string.Empty;
    /// <summary>running, stopping or stopped.</summary>
    public string State { get; set; } = string.Empty;
    public int InFlight { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The whole heartbeat as the worker wrote it (JSON).</summary>
    public string Details { get; set; } = string.Empty;
}
