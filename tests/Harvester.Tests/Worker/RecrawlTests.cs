using Harvester.Archive;
using Harvester.Archive.Warc;
using Harvester.Core.Extraction;
using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Tests.Support;
using Harvester.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Harvester.Tests.Worker;

/// <summary>Scheduled re-crawls add each newly ended half-year, looking captures up again when the stored lookup predates it.</summary>
public sealed class RecrawlTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2020, 2, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly LiteDbFile _db;
    private readonly LiteDbStore _stores;
    private readonly CallCounter _archive;
    private readonly SiteCrawler _crawler;
    private readonly IReadOnlyList<string> _sites;

    public RecrawlTests()
    {
        _sites = SyntheticArchive.Write(_dir.Combine("archive"), sites: 2, fromYear: 2018, toYear: 2020);
        _db = LiteDbFile.Open(_dir.Combine("h.db"));
        _stores = new LiteDbStore(_db, _time);
        _archive = new CallCounter(new WarcArchive(_dir.Combine("archive")));
        _crawler = new SiteCrawler(_archive, _stores, new PolicyExtractor(), _time);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task CrawlQueuedAsync()
    {
        var executor = new JobExecutor(_crawler, _stores, _time);
        while (_stores.Jobs.TryLease("test", TimeSpan.FromMinutes(10)) is { } job) await executor.ExecuteAsync(job, "test", Ct);
    }

    [Fact]
    public async Task Planner_QueuesNewlyEndedHalfYears_AndTheCrawlLooksCapturesUpAgain()
    {
        SiteSchedule.Add(_stores, _sites, 2018, 2019);
        await CrawlQueuedAsync();
        var planner = new RecrawlPlanner(_stores, _time);
        Assert.Equal(0, planner.QueueNewHalfYears()); // nothing new has ended

        _time.SetUtcNow(new DateTimeOffset(2020, 8, 1, 0, 0, 0, TimeSpan.Zero));
        int lookupsBefore = _archive.Lookups;
        Assert.Equal(2, planner.QueueNewHalfYears());
        planner.QueueNewHalfYears(); // again before crawling: the queued jobs are not duplicated
        Assert.Equal(2, _stores.Jobs.CountByState()[JobStates.Queued]);
        await CrawlQueuedAsync();

        foreach (var site in _sites)
        {
            Assert.Equal(2020, _stores.Sites.Find(site)!.ToYear);
            Assert.Equal(IntervalOutcomes.Found, _stores.Versions.FindInterval(site, "2020A")!.Outcome);
            Assert.Null(_stores.Versions.FindInterval(site, "2020B")); // not ended yet
        }
        Assert.True(_archive.Lookups > lookupsBefore, "the re-crawl used captures looked up before 2020A ended");
        Assert.Equal(0, planner.QueueNewHalfYears());
    }

    [Fact]
    public async Task StaleLookup_IsRepeated_FreshOneIsNot()
    {
        SiteSchedule.Add(_stores, [_sites[0]], 2018, 2020); // years reach into the current, unfinished half-year
        await CrawlQueuedAsync();
        int afterFirst = _archive.Lookups;
        Assert.Null(_stores.Versions.FindInterval(_sites[0], "2020A"));

        _time.SetUtcNow(new DateTimeOffset(2020, 7, 15, 0, 0, 0, TimeSpan.Zero));
        new RecrawlPlanner(_stores, _time).QueueNewHalfYears();
        await CrawlQueuedAsync();
        int afterSecond = _archive.Lookups;

        Assert.True(afterSecond > afterFirst, "the lookup made in February was reused for 2020A");
        Assert.Equal(IntervalOutcomes.Found, _stores.Versions.FindInterval(_sites[0], "2020A")!.Outcome);
    }

    [Fact]
    public void Schedule_RunsWhenDue_OncePerOccurrence_AcrossRestarts()
    {
        SiteSchedule.Add(_stores, _sites, 2018, 2019);
        foreach (var site in _sites) _stores.Jobs.Complete(_stores.Jobs.TryLease("test", TimeSpan.FromMinutes(1))!.Id, "test");
        var options = new ScheduleOptions { Recrawl = "0 4 1 * *" };
        RecrawlSchedule NewSchedule() => new(options.RecrawlExpression, new LiteDbMarkerStore(_db), new RecrawlPlanner(_stores, _time), _time, NullLogger<RecrawlSchedule>.Instance);

        var schedule = NewSchedule();
        Assert.Equal(new DateTimeOffset(2020, 3, 1, 4, 0, 0, TimeSpan.Zero), schedule.NextAt());
        Assert.Equal(0, schedule.RunIfDue());

        _time.SetUtcNow(new DateTimeOffset(2020, 8, 1, 5, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, schedule.RunIfDue());
        Assert.Equal(new DateTimeOffset(2020, 9, 1, 4, 0, 0, TimeSpan.Zero), schedule.NextAt());
        Assert.Equal(0, NewSchedule().RunIfDue()); // a restarted worker does not run it again

        Assert.Null(new ScheduleOptions { Recrawl = "" }.RecrawlExpression);
        Assert.Null(new RecrawlSchedule(null, new LiteDbMarkerStore(_db), new RecrawlPlanner(_stores, _time), _time, NullLogger<RecrawlSchedule>.Instance).NextAt());
    }

    [Fact]
    public void Leases_RenewOnlyForTheirOwner_AndReleaseDoesNotCountAnAttempt()
    {
        SiteSchedule.Add(_stores, [_sites[0]], 2018, 2019);
        var job = _stores.Jobs.TryLease("worker-a", TimeSpan.FromMinutes(1))!;
        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.True(_stores.Jobs.Renew(job.Id, "worker-a", TimeSpan.FromMinutes(1)));
        Assert.False(_stores.Jobs.Renew(job.Id, "worker-b", TimeSpan.FromMinutes(1)));
        _time.Advance(TimeSpan.FromSeconds(50)); // past the first lease, inside the renewed one
        Assert.Null(_stores.Jobs.TryLease("worker-b", TimeSpan.FromMinutes(1)));

        _stores.Jobs.Release(job.Id, "worker-a");
        var again = _stores.Jobs.TryLease("worker-b", TimeSpan.FromMinutes(1))!;
        Assert.Equal(job.Id, again.Id);
        Assert.Equal(1, again.Attempts);
    }

    /// <summary>Counts capture lookups made through it.</summary>
    private sealed class CallCounter(IWebArchive inner) : IWebArchive
    {
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public string Location => inner.Location;

        public IAsyncEnumerable<Capture> ListCapturesAsync(CaptureQuery query, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            return inner.ListCapturesAsync(query, cancellationToken);
        }

        public Task<Snapshot> FetchAsync(string timestamp, string url, CancellationToken cancellationToken) => inner.FetchAsync(timestamp, url, cancellationToken);
    }
}
