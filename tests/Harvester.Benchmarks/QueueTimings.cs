using System.Diagnostics;
using Harvester.Crawl;
using Harvester.Storage;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Harvester.Benchmarks -- queue-timings [SITES]</c>: the job queue at the
/// size the dataset has (130,000 sites): schedules SITES sites in a fresh database, then times what a worker does
/// per job (lease, complete) and per heartbeat (counts, failures), with a tenth of the jobs done and some failed.
/// </summary>
internal static class QueueTimings
{
    /// <param name="address">A PostgreSQL database to measure instead of a fresh LiteDB file (it should be empty).</param>
    public static int Run(int siteCount, string? address = null)
    {
        var dir = Directory.CreateTempSubdirectory("harvester-queue-").FullName;
        var path = Path.Combine(dir, "queue.db");
        var clock = Stopwatch.StartNew();
        using IHarvesterStore stores = address is null ? LiteDbStore.Open(path) : Harvester.Storage.Postgres.PostgresStore.Open(address);
        var domains = Enumerable.Range(0, siteCount).Select(i => $"site{i:D6}.example").ToList();
        for (int i = 0; i < domains.Count; i += 1000)
        {
            SiteSchedule.Add(stores, domains.Skip(i).Take(1000), 2010, 2019);
        }
        Console.WriteLine($"scheduled {siteCount} sites in {clock.Elapsed.TotalSeconds:0.0} s");

        // A tenth done, one in a hundred failing (backing off), as a day into a long crawl.
        clock.Restart();
        for (int i = 0; i < siteCount / 10; i++)
        {
            var job = stores.Jobs.TryLease("bench", TimeSpan.FromMinutes(10))!;
            if (i % 100 == 99) stores.Jobs.Fail(job.Id, "bench", "the archive kept failing", kind: "archive-unavailable");
            else stores.Jobs.Complete(job.Id, "bench");
        }
        Console.WriteLine($"leased and finished {siteCount / 10} jobs in {clock.Elapsed.TotalSeconds:0.0} s " +
            $"({clock.Elapsed.TotalMilliseconds / (siteCount / 10):0.00} ms per job)");

        Time("TryLease + Complete", () =>
        {
            var job = stores.Jobs.TryLease("bench", TimeSpan.FromMinutes(10))!;
            stores.Jobs.Complete(job.Id, "bench");
            return 1;
        });
        Time("TryLease for one named site (crawl DOMAIN)", () =>
        {
            var job = stores.Jobs.TryLease("bench", TimeSpan.FromMinutes(10), [domains[^1]]);
            if (job is not null) stores.Jobs.Release(job.Id, "bench");
            return job is null ? 0 : 1;
        });
        Time("CountByState (heartbeat)", () => stores.Jobs.CountByState().Count);
        Time("FailuresByKind (heartbeat)", () => stores.Jobs.FailuresByKind().Count);
        Time("HasPending", () => stores.Jobs.HasPending() ? 1 : 0);
        Time("NextDue", () => stores.Jobs.NextDue() is null ? 0 : 1);
        Time("DoneSince (status)", () => stores.Jobs.DoneSince(DateTime.UtcNow.AddHours(-1)).Count);
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static void Time(string what, Func<int> work)
    {
        var samples = new List<double>();
        int result = 0;
        for (int i = 0; i < 11; i++)
        {
            var clock = Stopwatch.StartNew();
            result = work();
            if (i > 0) samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        Console.WriteLine($"{what,-45} {samples[samples.Count / 2],9:0.00} ms median, {samples[^1],9:0.00} ms max  ({result})");
    }
}
