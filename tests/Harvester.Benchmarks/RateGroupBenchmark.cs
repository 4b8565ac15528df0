using System.Diagnostics;
using System.Globalization;
using Harvester.Tests.Support;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>rate-group ARCHIVE_DIR DB WORKERS SECONDS [CDX_PER_MIN SNAPSHOTS_PER_S]</c>: WORKERS <c>harvester run</c>
/// processes in one rate group on DB (a PostgreSQL address) against a fake Wayback Machine serving ARCHIVE_DIR; after
/// SECONDS they are stopped, and the fake's own log gives each endpoint's rate (after a 10 s start) against the
/// group's budget and its busiest second.
/// </summary>
internal static class RateGroupBenchmark
{
    public static async Task<int> RunAsync(string archive, string db, int workers, int seconds, double cdxPerMinute, double snapshotsPerSecond)
    {
        var cli = Path.GetFullPath(Path.Combine(WorkerSoak.RepositoryRoot(), "src", "Harvester.Cli", "bin", "Release", "net10.0", "harvester.dll"));
        using (var add = WorkerSoak.Start(cli, ["--db", db, "add", "--file", Path.Combine(archive, "sites.txt"), "--from", "2010", "--to", "2019"], null))
        {
            await add.WaitForExitAsync();
        }
        // The fake stamps each arrival on a thread-pool thread: enough threads from the start, or a cold pool would
        // stamp requests late and bunched (a measurement error, not the workers').
        ThreadPool.SetMinThreads(64, 64);
        using var wayback = new WaybackFromWarc(archive);
        var settings = Path.Combine(Path.GetTempPath(), "harvester-rate-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(settings, string.Create(CultureInfo.InvariantCulture, $$"""
            { "Schedule": { "Recrawl": "" },
              "Wayback": { "CdxRequestsPerMinute": {{cdxPerMinute}}, "SnapshotRequestsPerSecond": {{snapshotsPerSecond}}, "RateGroup": "bench" } }
            """));
        var start = DateTime.Now;
        var processes = Enumerable.Range(0, workers).Select(_ => WorkerSoak.Start(cli, ["--db", db, "--archive", wayback.Url, "--config", settings, "run"], null)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var end = DateTime.Now;
        foreach (var p in processes)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        File.Delete(settings);
        var arrivals = wayback.Arrivals();
        var from = start.AddSeconds(10);
        foreach (var (endpoint, budget) in new[] { ("cdx", cdxPerMinute / 60), ("snapshots", snapshotsPerSecond) })
        {
            var mine = arrivals.Where(a => a.Endpoint == endpoint).Select(a => a.At).ToList();
            var window = mine.Where(t => t >= from && t <= end).ToList();
            double rate = window.Count / (end - from).TotalSeconds;
            var busiest = mine.GroupBy(t => t.Ticks / TimeSpan.TicksPerSecond).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            var busiestLater = window.GroupBy(t => t.Ticks / TimeSpan.TicksPerSecond).Select(g => g.Count()).DefaultIfEmpty(0).Max();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{endpoint}: {window.Count} requests in {(end - from).TotalSeconds:0} s = {rate:0.000}/s, {rate / budget * 100:0.0} % of the group's {budget:0.###}/s; busiest second {busiest} ({busiestLater} after the first 10 s)"));
        }
        return 0;
    }
}
