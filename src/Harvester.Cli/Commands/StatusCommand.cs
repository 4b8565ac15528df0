using System.CommandLine;
using System.Globalization;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Worker;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester status</c>: sites, queue, throughput and ETA, failures by reason, half-year outcomes, the archive
/// endpoints and whether a worker is alive. While a worker holds the database, its heartbeat file answers.
/// </summary>
internal static class StatusCommand
{
    /// <summary>A heartbeat older than this from a worker that still holds the database means it is stuck.</summary>
    private static readonly TimeSpan Silent = TimeSpan.FromMinutes(1);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var json = JsonOutput.Flag();
        var command = new Command("status", "Show sites, the job queue, throughput, failures, and whether a worker is running.") { json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (StoreAddress.IsPostgres(GlobalOptions.Database(parseResult))) return await ClusterStatusAsync(parseResult, output, parseResult.GetValue(json));
            var path = Path.GetFullPath(GlobalOptions.Database(parseResult));
            var heartbeat = WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(path));
            var now = DateTimeOffset.UtcNow;
            bool asJson = parseResult.GetValue(json);
            if (File.Exists(path) && DatabaseLock.IsHeldElsewhere(path))
            {
                bool live = heartbeat is { State: not "stopped" };
                bool stuck = live && now - heartbeat!.UpdatedAt > Silent;
                if (asJson)
                {
                    await JsonOutput.WriteAsync(output, new StatusJson(path, "heartbeat", live ? Worker(heartbeat!, stuck) : null, null,
                        heartbeat?.Jobs ?? new Dictionary<string, int>(), null, heartbeat?.SitesPerHour, heartbeat?.EstimatedDoneAt, null, null, null,
                        heartbeat?.FailuresByKind ?? new Dictionary<string, int>(), null, heartbeat?.Endpoints ?? []));
                    return stuck ? ExitCodes.Stuck : ExitCodes.Success;
                }
                await output.WriteLineAsync($"database {path} (in use by a worker or a crawl; figures from the worker's heartbeat)");
                if (heartbeat is null || heartbeat.State == "stopped")
                {
                    await output.WriteLineAsync("worker: none; another process (a 'crawl'?) has the database open");
                    return ExitCodes.Success;
                }
                var age = now - heartbeat.UpdatedAt;
                await output.WriteLineAsync(stuck
                    ? $"worker: pid {heartbeat.ProcessId} on {heartbeat.Machine} holds the database but has been silent for {Span(age)} (stuck?)"
                    : $"worker: {heartbeat.State}{(heartbeat.StopReason is { } why ? $" ({why})" : string.Empty)}, pid {heartbeat.ProcessId} on {heartbeat.Machine}, up {Span(now - heartbeat.StartedAt)}, heartbeat {Span(age)} ago");
                await WriteHeartbeatAsync(output, heartbeat, now);
                return stuck ? ExitCodes.Stuck : ExitCodes.Success;
            }

            using var session = StoreSession.OpenExisting(parseResult);
            var stores = session.Store;
            var sites = stores.Sites.All();
            var jobs = stores.Jobs.CountByState();
            if (asJson)
            {
                var (doneLastHour, rate, left) = Throughput(stores, jobs, now);
                await JsonOutput.WriteAsync(output, new StatusJson(session.Store.Location, "database",
                    heartbeat is null ? null : Worker(heartbeat, stuck: false),
                    sites.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count()), jobs, doneLastHour, Math.Round(rate, 1),
                    left > 0 && rate > 0 ? now + TimeSpan.FromHours(left / rate) : null,
                    stores.Versions.Count, sites.Sum(s => s.Requests), stores.Versions.CountIntervalsByOutcome(), stores.Jobs.FailuresByKind(),
                    stores.Jobs.Failed().Select(j => new FailedJson(j.Site, j.Attempts, j.LastErrorKind, j.LastError)).ToList(), heartbeat?.Endpoints ?? []));
                return heartbeat is { State: not "stopped" } ? ExitCodes.Stuck : ExitCodes.Success;
            }
            await output.WriteLineAsync($"database {session.Store.Location}");
            await output.WriteLineAsync(heartbeat switch
            {
                null => "worker: none running",
                { State: "stopped" } => $"worker: none running (the last one stopped {Span(now - heartbeat.UpdatedAt)} ago{(heartbeat.StopReason is { } why ? ": " + why : string.Empty)})",
                _ => $"worker: none running (the last one, pid {heartbeat.ProcessId}, stopped without a word {Span(now - heartbeat.UpdatedAt)} ago: killed or crashed; its jobs are taken back at the next start)",
            });
            await WriteStoreFiguresAsync(output, stores, sites, jobs, now, string.Empty);
            var failed = stores.Jobs.Failed();
            foreach (var job in failed.Take(MaxFailedListed)) await output.WriteLineAsync($"failed: {job.Site} after {job.Attempts} attempts: {job.LastError}");
            if (failed.Count > MaxFailedListed)
            {
                await output.WriteLineAsync($"... and {failed.Count - MaxFailedListed} more failed sites ('harvester retry' queues them all again)");
            }
            if (heartbeat is not null) await WriteEndpointsAsync(output, heartbeat, "at the last worker's end", now);
            // A worker that ended without recording why was killed or crashed: monitoring wants to know.
            return heartbeat is { State: not "stopped" } ? ExitCodes.Stuck : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A shared store: every worker that beat in the last ten minutes (host, pid, rate group, sites in flight, heartbeat),
    /// and the queue, throughput, ETA and failures across the cluster. Exit 5 when a worker that did not stop is silent.
    /// </summary>
    private static async Task<int> ClusterStatusAsync(ParseResult parseResult, TextWriter output, bool asJson)
    {
        using var session = StoreSession.OpenExisting(parseResult);
        var store = session.Store;
        var now = DateTimeOffset.UtcNow;
        var workers = store.Workers.Since(now.UtcDateTime - TimeSpan.FromMinutes(10))
            .Select(w => (Record: w, Heartbeat: WorkerHeartbeat.FromJson(w.Details), Stuck: w.State != "stopped" && now.UtcDateTime - w.UpdatedAt > Silent))
            .ToList();
        var sites = store.Sites.All();
        var jobs = store.Jobs.CountByState();
        bool anyStuck = workers.Any(w => w.Stuck);
        if (asJson)
        {
            var (doneLastHour, rate, left) = Throughput(store, jobs, now);
            DateTimeOffset? eta = left > 0 && rate > 0 ? now + TimeSpan.FromHours(left / rate) : null;
            await JsonOutput.WriteAsync(output, new ClusterStatusJson(store.Location,
                workers.Select(w => new ClusterWorkerJson(w.Record.Host, w.Record.ProcessId, w.Record.RateGroup, w.Record.State, w.Stuck,
                    w.Heartbeat?.InFlight ?? [], w.Record.StartedAt, w.Record.UpdatedAt, w.Heartbeat?.SitesDone ?? 0, w.Heartbeat?.SitesFailed ?? 0,
                    w.Heartbeat?.ResidentMegabytes ?? 0)).ToList(),
                sites.GroupBy(s => s.State).ToDictionary(g => g.Key, g => g.Count()), jobs, doneLastHour, Math.Round(rate, 1), eta,
                store.Versions.Count, store.Versions.CountIntervalsByOutcome(), store.Jobs.FailuresByKind()));
            return anyStuck ? ExitCodes.Stuck : ExitCodes.Success;
        }
        await output.WriteLineAsync($"database {store.Location} (shared)");
        var live = workers.Where(w => w.Record.State != "stopped" && !w.Stuck).ToList();
        await output.WriteLineAsync($"workers: {live.Count} running" + (workers.Count > live.Count ? $", {workers.Count - live.Count} stopped or silent in the last 10 min" : string.Empty));
        foreach (var (w, h, stuck) in workers)
        {
            var state = stuck ? $"silent for {Span(now.UtcDateTime - w.UpdatedAt)} (stuck or killed?)" : w.State;
            await output.WriteLineAsync($"  {w.Host} pid {w.ProcessId} [{w.RateGroup}]: {state}, {w.InFlight} in flight" +
                (h is { InFlight.Count: > 0 } ? $" ({string.Join(", ", h.InFlight)})" : string.Empty) +
                $", heartbeat {Span(now.UtcDateTime - w.UpdatedAt)} ago, up {Span(now.UtcDateTime - w.StartedAt)}" +
                (h is null ? string.Empty : $", {Counted.Of(h.SitesDone, "site")} done, {h.ResidentMegabytes:0} MB"));
        }
        await WriteStoreFiguresAsync(output, store, sites, jobs, now, " across the cluster");
        foreach (var job in store.Jobs.Failed().Take(MaxFailedListed)) await output.WriteLineAsync($"failed: {job.Site} after {job.Attempts} attempts: {job.LastError}");
        return anyStuck ? ExitCodes.Stuck : ExitCodes.Success;
    }

    /// <summary>
    /// What the store says, the same for a file and a cluster: sites and jobs by state, throughput and time to go,
    /// versions and archive calls, half-years by outcome, failures by reason.
    /// </summary>
    private static async Task WriteStoreFiguresAsync(TextWriter output, Harvester.Storage.IHarvesterStore store, IReadOnlyList<SiteRecord> sites,
        IReadOnlyDictionary<string, int> jobs, DateTimeOffset now, string throughputScope)
    {
        await output.WriteLineAsync($"sites: {sites.Count} ({string.Join(", ", sites.GroupBy(s => s.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}"))})");
        await output.WriteLineAsync($"jobs: {Counts(jobs)}");
        var (lastHour, perHour, remaining) = Throughput(store, jobs, now);
        await output.WriteLineAsync($"throughput: {Counted.Of(lastHour, "site")} done in the last hour{throughputScope}" +
            (remaining > 0 && perHour > 0 ? $" ({perHour:0.#}/hour); {remaining} to go, about {Span(TimeSpan.FromHours(remaining / perHour))} at that rate" : string.Empty));
        await output.WriteLineAsync($"versions: {store.Versions.Count}; archive calls so far: {sites.Sum(s => s.Requests)}");
        await output.WriteLineAsync($"half-years: {string.Join(", ", store.Versions.CountIntervalsByOutcome().OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}"))}");
        var failures = store.Jobs.FailuresByKind();
        if (failures.Count > 0) await output.WriteLineAsync($"failures by reason: {Counts(failures)}");
    }

    /// <summary>
    /// Sites done in the last hour, their rate over the time they took (at least a minute, not the whole hour), and the
    /// jobs still to go.
    /// </summary>
    private static (int DoneLastHour, double PerHour, int Remaining) Throughput(Harvester.Storage.IHarvesterStore stores, IReadOnlyDictionary<string, int> jobs, DateTimeOffset now)
    {
        var (done, first) = stores.Jobs.DoneSince(now.UtcDateTime.AddHours(-1));
        double perHour = first is { } f ? done / Math.Max((now.UtcDateTime - f).TotalHours, 1.0 / 60) : 0;
        return (done, perHour, jobs.GetValueOrDefault(JobStates.Queued) + jobs.GetValueOrDefault(JobStates.Leased));
    }

    private static WorkerJson Worker(WorkerHeartbeat h, bool stuck) =>
        new(h.State, h.StopReason, h.ProcessId, h.Machine, h.StartedAt, h.UpdatedAt, stuck, h.InFlight, h.SitesDone, h.SitesFailed);

    /// <summary>Failed sites named one per line; the rest are counted (a long crawl can have thousands).</summary>
    private const int MaxFailedListed = 20;

    private static async Task WriteHeartbeatAsync(TextWriter output, WorkerHeartbeat heartbeat, DateTimeOffset now)
    {
        await output.WriteLineAsync($"jobs: {Counts(heartbeat.Jobs)}");
        await output.WriteLineAsync($"this run: {Counted.Of(heartbeat.SitesDone, "site")} done, {heartbeat.SitesFailed} failed, {heartbeat.SitesReleased} queued again; " +
            $"{heartbeat.SitesPerHour.ToString("0.#", CultureInfo.InvariantCulture)} sites/hour" +
            (heartbeat.EstimatedDoneAt is { } eta ? $", queue done in about {Span(eta - now)} ({eta:yyyy-MM-dd HH:mm} UTC)" : string.Empty));
        await output.WriteLineAsync($"in flight ({heartbeat.InFlight.Count} of {heartbeat.Concurrency}): {string.Join(", ", heartbeat.InFlight)}");
        if (heartbeat.FailuresByKind.Count > 0) await output.WriteLineAsync($"failures by reason: {Counts(heartbeat.FailuresByKind)}");
        if (heartbeat.ResidentMegabytes > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"memory: {heartbeat.ResidentMegabytes:0} MB resident, of which the managed heap {heartbeat.ManagedHeapMegabytes:0} MB ({heartbeat.ManagedCommittedMegabytes:0} MB committed)"));
        }
        await WriteEndpointsAsync(output, heartbeat, null, now);
        if (heartbeat.NextRecrawlAt is { } next) await output.WriteLineAsync($"next scheduled re-crawl: {next:yyyy-MM-dd HH:mm} UTC");
    }

    private static async Task WriteEndpointsAsync(TextWriter output, WorkerHeartbeat heartbeat, string? when, DateTimeOffset now)
    {
        foreach (var e in heartbeat.Endpoints)
        {
            await output.WriteLineAsync(
                $"archive {e.Endpoint}{(when is null ? string.Empty : " " + when)}: {e.Requests} requests ({e.RequestsPerMinute.ToString("0.#", CultureInfo.InvariantCulture)} in the last minute), {e.Retries} retries, {e.RateLimited} x 429, " +
                $"{e.ServerErrors} x 5xx, {e.TransportErrors} transport errors, circuit {e.Circuit}" +
                (e.CircuitOpenings > 0 ? $" (opened {e.CircuitOpenings} times)" : string.Empty) +
                (e.PausedUntil is { } until && when is null && until > now ? $", paused until {until:HH:mm:ss} UTC" : string.Empty));
        }
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}"));

    private static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 0 => "0 s",
        < 90 => $"{span.TotalSeconds:0} s",
        < 5400 => $"{span.TotalMinutes:0} min",
        < 172800 => $"{span.TotalHours:0.#} h",
        _ => $"{span.TotalDays:0.#} days",
    };
}

/// <summary>
/// <c>status --json</c>. <see cref="Source"/> is "database" (no process holds it: every field) or "heartbeat" (a worker
/// holds it: what its heartbeat says; the database-only fields are null).
/// </summary>
internal sealed record StatusJson(
    string Database, string Source, WorkerJson? Worker, IReadOnlyDictionary<string, int>? Sites, IReadOnlyDictionary<string, int> Jobs,
    int? SitesDoneLastHour, double? SitesPerHour, DateTimeOffset? EstimatedDoneAt, int? Versions, long? ArchiveCalls,
    IReadOnlyDictionary<string, int>? HalfYears, IReadOnlyDictionary<string, int> FailuresByReason, IReadOnlyList<FailedJson>? Failed,
    IReadOnlyList<EndpointState> Endpoints);

/// <summary>The running worker, or the last one (its <see cref="State"/> then "stopped", or not: it vanished).</summary>
internal sealed record WorkerJson(
    string State, string? StopReason, int ProcessId, string Machine, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Stuck,
    IReadOnlyList<string> InFlight, int SitesDone, int SitesFailed);

/// <summary><c>status --json</c> on a shared store.</summary>
internal sealed record ClusterStatusJson(
    string Database, IReadOnlyList<ClusterWorkerJson> Workers, IReadOnlyDictionary<string, int> Sites, IReadOnlyDictionary<string, int> Jobs,
    int SitesDoneLastHour, double SitesPerHour, DateTimeOffset? EstimatedDoneAt, int Versions, IReadOnlyDictionary<string, int> HalfYears,
    IReadOnlyDictionary<string, int> FailuresByReason);

internal sealed record ClusterWorkerJson(
    string Host, int ProcessId, string RateGroup, string State, bool Stuck, IReadOnlyList<string> InFlight, DateTime StartedAt, DateTime HeartbeatAt,
    int SitesDone, int SitesFailed, double ResidentMegabytes);

internal sealed record FailedJson(string Site, int Attempts, string? Reason, string? Error);
