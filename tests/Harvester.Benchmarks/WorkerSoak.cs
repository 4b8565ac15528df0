using System.Diagnostics;
using System.Globalization;
using Harvester.Storage;
using Harvester.Tests.Support;
using Harvester.Worker;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Harvester.Benchmarks -- worker-soak [MINUTES] [SITES]</c>: runs the real
/// <c>harvester run</c> (the Release build of src/Harvester.Cli) for MINUTES against a generated archive served on
/// loopback by a fake Wayback Machine with 2 % faults, handing it SITES sites in batches through <c>harvester add</c>
/// as it goes; samples the worker's memory, open handles and threads every 30 s; then lets it drain the queue, stops
/// it with SIGTERM and checks that every site is done and no job was lost.
/// </summary>
internal static class WorkerSoak
{
    public static async Task<int> RunAsync(int minutes, int siteCount)
    {
        // HARVESTER_SOAK_CLI: another build of harvester.dll (say, one built with --artifacts-path while a soak runs on this one).
        var cli = Environment.GetEnvironmentVariable("HARVESTER_SOAK_CLI")
            ?? Path.GetFullPath(Path.Combine(RepositoryRoot(), "src", "Harvester.Cli", "bin", "Release", "net10.0", "harvester.dll"));
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"{cli} is missing: dotnet build -c Release src/Harvester.Cli");
            return 2;
        }
        var dir = Directory.CreateTempSubdirectory("harvester-soak-").FullName;
        Console.WriteLine($"soak in {dir}: {minutes} min, {siteCount} sites");
        var archive = Path.Combine(dir, "archive");
        var domains = SyntheticArchive.Write(archive, siteCount, 2012, 2019);
        using var wayback = new WaybackFromWarc(archive, faultRate: 0.02, latency: TimeSpan.FromMilliseconds(20));
        var db = Path.Combine(dir, "soak.db");
        var settings = Path.Combine(dir, "settings.json");
        await File.WriteAllTextAsync(settings, """
            {
              "Wayback": { "CdxRequestsPerMinute": 300, "SnapshotRequestsPerSecond": 10, "RetryBaseDelay": "00:00:00.2", "MaxRetryDelay": "00:00:05" },
              "Worker": { "Concurrency": 4, "HeartbeatInterval": "00:00:02" },
              "Storage": { "MinimumFreeMegabytes": 64 },
              "Schedule": { "Recrawl": "" }
            }
            """);
        var log = Path.Combine(dir, "worker.log");
        using var logFile = new StreamWriter(log) { AutoFlush = true };
        var worker = Start(cli, ["--db", db, "--archive", wayback.Url, "--config", settings, "run", "--log-format", "json"], logFile);

        using var queryLog = new StreamWriter(Path.Combine(dir, "queries.log")) { AutoFlush = true };
        var queries = new List<(string Kind, TimeSpan Took, int ExitCode)>();
        int tick = 0;
        var samples = new List<string>();
        var rss = new List<Sample>();
        var clock = Stopwatch.StartNew();
        int added = 0, batch = Math.Max(1, siteCount / Math.Max(1, minutes * 2));
        var sampleAt = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromMinutes(minutes) || added < domains.Count)
        {
            if (added < domains.Count)
            {
                var next = domains.Skip(added).Take(batch).ToList();
                using var add = Start(cli, ["--db", db, "add", .. next, "--from", "2012", "--to", "2019"], null);
                await add.WaitForExitAsync();
                if (add.ExitCode != 0) throw new InvalidOperationException($"add exited {add.ExitCode}");
                added += next.Count;
            }
            // An analyst at work while the worker crawls: these run inside the worker, through its query socket.
            queries.Add(await QueryAsync(cli, queryLog, "search", ["--db", db, "search", "privacy", "--limit", "5"]));
            // A site handed in an earlier round: this round's may still wait in the worker's inbox.
            if (added > batch) queries.Add(await QueryAsync(cli, queryLog, "versions", ["--db", db, "versions", domains[(added - batch) / 2]]));
            if (tick++ % 10 == 9) queries.Add(await QueryAsync(cli, queryLog, "export", ["--db", db, "export", "--format", "jsonl", "--out", Path.Combine(dir, "export")]));
            if (clock.Elapsed >= sampleAt)
            {
                var h = WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(db));
                rss.Add(Take(worker, clock.Elapsed, h));
                var s = rss[^1];
                samples.Add($"{s.Minute,6:0.0} min  RSS {s.Kb / 1024.0,6:0.0} MB (anon {s.AnonKb / 1024.0,6:0.0}, file {s.FileKb / 1024.0,5:0.0})  " +
                    $"heap {h?.ManagedHeapMegabytes,5:0.0} MB committed {h?.ManagedCommittedMegabytes,5:0.0} MB  handles {s.Handles,4}  threads {s.Threads,3}  " +
                    $"done {h?.SitesDone,6}  queued {h?.Jobs.GetValueOrDefault(JobStates.Queued),5}  requests {wayback.Requests,7}  faults {wayback.Faults,5}");
                Console.WriteLine(samples[^1]);
                sampleAt += TimeSpan.FromSeconds(30);
            }
            if (worker.HasExited) throw new InvalidOperationException($"the worker exited ({worker.ExitCode}); see {log}");
            await Task.Delay(TimeSpan.FromSeconds(30));
        }
        // Drain: wait until the queue is empty, then stop it as systemd would.
        var drainUntil = clock.Elapsed + TimeSpan.FromMinutes(15);
        while (clock.Elapsed < drainUntil)
        {
            var h = WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(db));
            if (h is not null && h.Jobs.GetValueOrDefault(JobStates.Queued) + h.Jobs.GetValueOrDefault(JobStates.Leased) == 0 && h.SitesDone + h.SitesFailed >= domains.Count) break;
            await Task.Delay(2000);
        }
        rss.Add(Take(worker, clock.Elapsed, WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(db))));
        using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        await worker.WaitForExitAsync();

        using var database = LiteDbFile.Open(db);
        var jobs = new LiteDbJobQueue(database, TimeProvider.System).CountByState();
        var sites = new LiteDbSiteStore(database, TimeProvider.System).All();
        var versions = new LiteDbVersionStore(database, TimeProvider.System).Count;
        var early = rss.Where(r => r.Minute >= 2 && r.Minute < 7).ToList();
        var late = rss.Where(r => r.Minute >= clock.Elapsed.TotalMinutes - 6).ToList();
        Console.WriteLine();
        Console.WriteLine($"ran {clock.Elapsed.TotalMinutes:0.0} min; worker exit code {worker.ExitCode}; {wayback.Requests} archive requests ({wayback.Faults} faults)");
        Console.WriteLine($"sites: {sites.Count} added of {domains.Count}, {sites.Count(s => s.State == SiteStates.Done)} done; jobs: {string.Join(", ", jobs.Select(j => $"{j.Value} {j.Key}"))}; versions {versions}");
        Console.WriteLine($"RSS: minutes 2-7 mean {Mean(early, r => r.Kb) / 1024:0.0} MB, last 6 min mean {Mean(late, r => r.Kb) / 1024:0.0} MB, peak {rss.Max(r => r.Kb) / 1024.0:0.0} MB");
        Console.WriteLine($"handles: {rss.Min(r => r.Handles)}..{rss.Max(r => r.Handles)}; threads: {rss.Min(r => r.Threads)}..{rss.Max(r => r.Threads)}");
        // Where the resident set goes over the run: the mean of each 10-minute window, and the trend over the second half.
        foreach (var window in rss.Where(r => r.Minute >= 2).GroupBy(r => (int)(r.Minute / 10)))
        {
            var w = window.ToList();
            Console.WriteLine($"minutes {window.Key * 10,3}-{window.Key * 10 + 10,-3}: RSS {Mean(w, r => r.Kb) / 1024,6:0.0} MB, anonymous {Mean(w, r => r.AnonKb) / 1024,6:0.0} MB, " +
                $"managed committed {w.Average(r => r.CommittedMegabytes),5:0.0} MB, heap {w.Average(r => r.HeapMegabytes),5:0.0} MB, handles {w.Max(r => r.Handles)}");
        }
        var secondHalf = rss.Where(r => r.Minute >= clock.Elapsed.TotalMinutes / 2).ToList();
        Console.WriteLine($"RSS trend over the second half: {Slope(secondHalf, r => r.Kb / 1024.0) * 60:+0.0;-0.0} MB/hour (least squares, {secondHalf.Count} samples)");
        foreach (var kind in queries.GroupBy(q => q.Kind))
        {
            var took = kind.Select(q => q.Took.TotalMilliseconds).Order().ToList();
            Console.WriteLine($"queries through the worker, {kind.Key}: {kind.Count()} ({kind.Count(q => q.ExitCode != 0)} failed), " +
                $"median {took[took.Count / 2]:0} ms, max {took[^1]:0} ms (including the client's start)");
        }
        bool lost = jobs.GetValueOrDefault(JobStates.Done) + jobs.GetValueOrDefault(JobStates.Failed) != domains.Count || sites.Count != domains.Count;
        Console.WriteLine(lost ? "JOBS LOST OR UNFINISHED" : "no job lost: every added site has exactly one finished job");
        Console.WriteLine($"worker log: {log}");
        return lost || worker.ExitCode != 0 || queries.Any(q => q.ExitCode != 0) ? 1 : 0;
    }

    private static async Task<(string, TimeSpan, int)> QueryAsync(string cli, StreamWriter log, string kind, string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var query = Start(cli, args, log);
        await query.WaitForExitAsync();
        return (kind, clock.Elapsed, query.ExitCode);
    }

    private static double Mean<T>(List<T> items, Func<T, long> value) => items.Count == 0 ? double.NaN : items.Average(i => (double)value(i));

    private static double Slope(List<Sample> points, Func<Sample, double> value)
    {
        if (points.Count < 2) return double.NaN;
        double mx = points.Average(p => p.Minute), my = points.Average(value);
        return points.Sum(p => (p.Minute - mx) * (value(p) - my)) / points.Sum(p => (p.Minute - mx) * (p.Minute - mx));
    }

    private sealed record Sample(double Minute, long Kb, long AnonKb, long FileKb, int Handles, int Threads, double HeapMegabytes, double CommittedMegabytes);

    private static Sample Take(Process worker, TimeSpan at, WorkerHeartbeat? heartbeat)
    {
        long kb = 0, anon = 0, file = 0;
        int threads = 0;
        static long Kb(string line) => long.Parse(line.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines($"/proc/{worker.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) kb = Kb(line);
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(line);
            if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kb(line);
            if (line.StartsWith("Threads:", StringComparison.Ordinal)) threads = int.Parse(line.Split('\t', ' ').Last(), CultureInfo.InvariantCulture);
        }
        int handles = Directory.GetFiles($"/proc/{worker.Id}/fd").Length;
        return new Sample(at.TotalMinutes, kb, anon, file, handles, threads, heartbeat?.ManagedHeapMegabytes ?? 0, heartbeat?.ManagedCommittedMegabytes ?? 0);
    }

    internal static Process Start(string cli, IEnumerable<string> args, StreamWriter? log)
    {
        // A published program (HARVESTER_PROGRAM, say the native one) runs itself; the built one runs under dotnet.
        bool native = !cli.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(native ? cli : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (!native) start.ArgumentList.Add(cli);
        foreach (var a in args) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && log is not null) lock (log) log.WriteLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && log is not null) lock (log) log.WriteLine(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harvester.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("run from inside the repository");
    }
}
