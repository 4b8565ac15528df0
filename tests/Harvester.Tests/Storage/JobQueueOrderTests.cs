using Harvester.Storage;
using Harvester.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Harvester.Tests.Storage;

/// <summary>
/// The queue leases through its index (<see cref="JobRecord.DueKey"/>) instead of reading every job; it must pick
/// exactly what reading every job would: first a lease that ran out, then the queued job due first (ties by id).
/// </summary>
public sealed class JobQueueOrderTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryLease_PicksWhatAScanOfEveryJobWouldPick(int seed)
    {
        using var db = LiteDbFile.Open(_dir.Combine($"q{seed}.db"));
        var jobs = new LiteDbJobQueue(db, _time);
        var random = new Random(seed);
        var sites = Enumerable.Range(0, 150).Select(i => $"s{i:D3}.example").ToList();
        var held = new List<JobRecord>();
        for (int step = 0; step < 1500; step++)
        {
            switch (random.Next(10))
            {
                case 0 or 1 or 2:
                    jobs.Enqueue(sites[random.Next(sites.Count)]);
                    break;
                case 3:
                    _time.Advance(TimeSpan.FromSeconds(random.Next(1, 400)));
                    break;
                case 4 when held.Count > 0:
                    var failing = Take(held, random);
                    jobs.Fail(failing.Id, failing.LeaseOwner!, "boom", kind: random.Next(2) == 0 ? null : "archive-unavailable");
                    break;
                case 5 when held.Count > 0:
                    var released = Take(held, random);
                    jobs.Release(released.Id, released.LeaseOwner!);
                    break;
                case 6 when held.Count > 0:
                    var done = Take(held, random);
                    jobs.Complete(done.Id, done.LeaseOwner!);
                    break;
                default:
                    // Every size of site filter: none, a few (looked up per site), many (along the index).
                    IReadOnlyCollection<string>? only = random.Next(3) switch
                    {
                        0 => null,
                        1 => sites.OrderBy(_ => random.Next()).Take(3).ToHashSet(),
                        _ => sites.OrderBy(_ => random.Next()).Take(100).ToHashSet(),
                    };
                    var expected = ByScan(db, only);
                    var leased = jobs.TryLease(random.Next(4) == 0 ? "gone" : "w", TimeSpan.FromMinutes(random.Next(1, 10)), only);
                    Assert.Equal(expected?.Id, leased?.Id);
                    if (leased is not null) held.Add(leased);
                    break;
            }
        }
        Assert.Equal(
            db.Read(() => db.Jobs.FindAll().Where(j => j.State == JobStates.Queued).Min(j => (DateTime?)j.NextAttemptAt)),
            jobs.NextDue());
    }

    private static JobRecord Take(List<JobRecord> held, Random random)
    {
        var job = held[random.Next(held.Count)];
        held.Remove(job);
        return job;
    }

    private JobRecord? ByScan(LiteDbFile db, IReadOnlyCollection<string>? only)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var all = db.Read(() => db.Jobs.FindAll().ToList()).Where(j => only is null || only.Contains(j.Site)).ToList();
        return all.Where(j => j.State == JobStates.Leased && j.LeaseExpiresAt < now).OrderBy(j => j.NextAttemptAt).ThenBy(j => j.Id).FirstOrDefault()
            ?? all.Where(j => j.State == JobStates.Queued && j.NextAttemptAt <= now).OrderBy(j => j.NextAttemptAt).ThenBy(j => j.Id).FirstOrDefault();
    }

    [Fact]
    public void LeasingAsTheClockMoves_DoesNotGrowLiteDbsCompiledExpressionCache()
    {
        // LiteDB compiles every distinct expression text once and keeps it for good; a query with the time written into
        // it leaked a compiled method per lease (found by a heap dump of the worker soak).
        static int Cached() => new[] { "_cacheScalar", "_cacheEnumerable" }
            .Select(name => typeof(LiteDB.BsonExpression).GetField(name, System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)
                ?.GetValue(null) as System.Collections.ICollection ?? throw new InvalidOperationException($"LiteDB has no {name} cache any more"))
            .Sum(cache => cache.Count);
        using var db = LiteDbFile.Open(_dir.Combine("cache.db"));
        var jobs = new LiteDbJobQueue(db, _time);
        for (int i = 0; i < 20; i++) jobs.Enqueue($"s{i}.example");
        Assert.NotNull(jobs.TryLease("warm-up", TimeSpan.FromMinutes(1)));

        int before = Cached();
        for (int i = 0; i < 600; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            var job = jobs.TryLease("w", TimeSpan.FromMinutes(1), i % 2 == 0 ? null : Enumerable.Range(0, 100).Select(n => $"s{n}.example").ToHashSet());
            if (job is not null) jobs.Release(job.Id, "w");
            jobs.NextDue();
            jobs.CountByState();
            jobs.FailuresByKind();
        }
        Assert.True(Cached() - before < 100, $"{Cached() - before} expressions compiled for 600 leases");
    }

    [Fact]
    public void ADatabaseFromBeforeTheKeys_IsUpgradedOnceAtOpen()
    {
        var path = _dir.Combine("old.db");
        using (var db = LiteDbFile.Open(path))
        {
            // As an older Harvester wrote them: no due key, a failure without a kind, and no upgrade marker.
            db.Write(() =>
            {
                db.Jobs.Insert(new JobRecord { Site = "a.example", State = JobStates.Queued, NextAttemptAt = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
                db.Jobs.Insert(new JobRecord { Site = "b.example", State = JobStates.Failed, LastError = "gave up", Attempts = 5 });
                db.Jobs.Insert(new JobRecord { Site = "c.example", State = JobStates.Done });
                db.Markers.Delete("schema:job-keys");
            });
            Assert.Null(new LiteDbJobQueue(db, _time).TryLease("w", TimeSpan.FromMinutes(1))); // the index cannot see it yet
        }
        using (var db = LiteDbFile.Open(path))
        {
            var jobs = new LiteDbJobQueue(db, _time);
            Assert.Equal(new Dictionary<string, int> { [IJobQueue.OtherFailure] = 1 }, jobs.FailuresByKind());
            Assert.Equal("a.example", jobs.TryLease("w", TimeSpan.FromMinutes(1))?.Site);
            Assert.Null(jobs.TryLease("w", TimeSpan.FromMinutes(1)));
        }
    }
}
