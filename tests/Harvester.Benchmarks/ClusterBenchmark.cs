using System.Diagnostics;
using System.Globalization;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>cluster ARCHIVE_DIR SITES_FILE DB WORKERS [FROM TO] [URL]</c>: schedules the sites in DB (a LiteDB path or a
/// PostgreSQL address), starts WORKERS <c>harvester run --once</c> processes (the Release build) against the archive
/// (the WARC folder itself, or URL when given), and reports the wall time, sites per minute and each worker's peak
/// resident set (VmHWM). <c>HARVESTER_PROGRAM</c> names a published program to run instead (the native one, say). With URL and rate limits in HARVESTER__Wayback__* variables, it measures a rate group.
/// </summary>
internal static class ClusterBenchmark
{
    public static async Task<int> RunAsync(string archive, string sitesFile, string db, int workers, string from, string to, string? url)
    {
        var cli = Environment.GetEnvironmentVariable("HARVESTER_PROGRAM") is { Length: > 0 } published ? Path.GetFullPath(published)
            : Path.GetFullPath(Path.Combine(WorkerSoak.RepositoryRoot(), "src", "Harvester.Cli", "bin", "Release", "net10.0", "harvester.dll"));
        var sites = File.ReadAllLines(sitesFile).Count(l => l.Trim().Length > 0);
        using (var add = WorkerSoak.Start(cli, ["--db", db, "add", "--file", sitesFile, "--from", from, "--to", to], null))
        {
            await add.WaitForExitAsync();
            if (add.ExitCode != 0) return add.ExitCode;
        }
        var settings = Path.Combine(Path.GetTempPath(), "harvester-cluster-" + Guid.NewGuid().ToString("N") + ".json");
        // A worker whose queue is empty while others still hold leases waits a poll interval before it looks again: one
        // second, not five, so that the last worker's wait does not count as crawling time.
        await File.WriteAllTextAsync(settings, """{ "Schedule": { "Recrawl": "" }, "Worker": { "HeartbeatInterval": "00:00:02", "PollInterval": "00:00:01" } }""");
        var clock = Stopwatch.StartNew();
        var processes = Enumerable.Range(0, workers)
            .Select(_ => WorkerSoak.Start(cli, ["--db", db, "--archive", url ?? archive, "--config", settings, "run", "--once"], null)).ToList();
        var peaks = new long[workers];
        while (processes.Any(p => !p.HasExited))
        {
            for (int i = 0; i < workers; i++) peaks[i] = Math.Max(peaks[i], PeakKb(processes[i]));
            await Task.Delay(200);
        }
        var elapsed = clock.Elapsed;
        File.Delete(settings);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workers} worker(s), {sites} sites: {elapsed.TotalSeconds:0.0} s, {sites / elapsed.TotalMinutes:0} sites/min; exit codes {string.Join(",", processes.Select(p => p.ExitCode))}; " +
            $"peak RSS per worker {string.Join(", ", peaks.Select(k => $"{k / 1024.0:0} MB"))}"));
        return processes.All(p => p.ExitCode == 0) ? 0 : 1;
    }

    private static long PeakKb(Process process)
    {
        try
        {
            // The dotnet host runs the program in its own process: VmHWM is the high-water mark of the resident set.
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
        }
        return 0;
    }
}
