using System.Text.Json;
using System.Text.Json.Serialization;

namespace Harvester.Worker;

/// <summary>
/// What a running worker last said about itself, written to <c>DATABASE.worker.json</c> every few seconds: while a
/// worker holds the database, <c>harvester status</c> reads this instead of the database.
/// </summary>
public sealed record WorkerHeartbeat
{
    public required int ProcessId { get; init; }
    public required string Machine { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>running, stopping or stopped.</summary>
    public required string State { get; init; }
    /// <summary>Why it is stopping or stopped, as the worker recorded it; null while it runs.</summary>
    public string? StopReason { get; init; }
    public required int Concurrency { get; init; }
    public required IReadOnlyList<string> InFlight { get; init; }
    public required IReadOnlyDictionary<string, int> Jobs { get; init; }
    public required int SitesDone { get; init; }
    public required int SitesFailed { get; init; }
    public required int SitesReleased { get; init; }
    /// <summary>Sites finished per hour over the last 15 minutes.</summary>
    public required double SitesPerHour { get; init; }
    /// <summary>When the queued and leased jobs should be done at that rate; null when nothing is moving.</summary>
    public DateTimeOffset? EstimatedDoneAt { get; init; }
    public required IReadOnlyDictionary<string, int> FailuresByKind { get; init; }
    public required IReadOnlyList<EndpointState> Endpoints { get; init; }
    public DateTimeOffset? NextRecrawlAt { get; init; }
    /// <summary>The worker's managed heap after the last collection, to tell a leak from caches in native memory.</summary>
    public double ManagedHeapMegabytes { get; init; }
    /// <summary>Memory the garbage collector has committed from the OS (heap plus free space it keeps); the managed share of the resident set.</summary>
    public double ManagedCommittedMegabytes { get; init; }
    /// <summary>The worker's resident set as the OS counts it.</summary>
    public double ResidentMegabytes { get; init; }
    public string? Archive { get; init; }
    /// <summary>Where the worker answers read-only commands (<c>versions</c>, <c>search</c>, <c>export</c>…); null when it does not.</summary>
    public string? QuerySocket { get; init; }

    /// <summary>The worker's lease-owner name; on a shared store, its key among the cluster's workers.</summary>
    public string? WorkerId { get; init; }
    /// <summary>The archive budget this worker shares with others leaving through the same address.</summary>
    public string? RateGroup { get; init; }

    public static string PathFor(string databasePath) => databasePath + ".worker.json";

    public string ToJson() => JsonSerializer.Serialize(this, WorkerJson.Default.WorkerHeartbeat);

    /// <summary>A heartbeat from <see cref="ToJson"/>; null when it cannot be read.</summary>
    public static WorkerHeartbeat? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, WorkerJson.Default.WorkerHeartbeat);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the heartbeat atomically (a temporary file renamed over the old one).</summary>
    public void WriteTo(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The heartbeat at <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static WorkerHeartbeat? ReadFrom(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), WorkerJson.Default.WorkerHeartbeat) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>
/// One archive endpoint as the worker's client sees it; <see cref="RequestsPerMinute"/> is the count of requests sent in
/// the last 60 s: a figure over the limit's own window, which pacing keeps at or under the limit.
/// </summary>
public sealed record EndpointState(
    string Endpoint, long Requests, double RequestsPerMinute, long Retries, long RateLimited, long ServerErrors, long TransportErrors, long CircuitOpenings,
    string Circuit, DateTimeOffset? PausedUntil);
