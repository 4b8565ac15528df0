using System.Runtime.CompilerServices;
using Harvester.Archive;
using Harvester.Core.Extraction;
using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Crawl;

/// <summary>
/// Every change of a job checks that its caller still holds the lease, and a crawl whose lease is lost or cannot be
/// renewed stops at once: two workers never crawl one site at the same time.
/// </summary>
public sealed class LeaseOwnershipTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly LiteDbFile _db;
    private readonly LiteDbStore _stores;

    public LeaseOwnershipTests()
    {
        _db = LiteDbFile.Open(_dir.Combine("lease.db"));
        _stores = new LiteDbStore(_db, TimeProvider.System);
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    /// <summary>The lease ran out and another worker took the job.</summary>
    private void TakeOver(int jobId, string newOwner) => _db.Write(() =>
    {
        var job = _db.Jobs.FindById(jobId);
        job.LeaseOwner = newOwner;
        job.LeaseExpiresAt = DateTime.UtcNow.AddMinutes(10);
        _db.Jobs.Update(job);
    });

    [Fact]
    public void CompleteAndFail_ByAWorkerThatLostTheLease_ChangeNothing()
    {
        _stores.Jobs.Enqueue("a.example");
        var job = _stores.Jobs.TryLease("first", TimeSpan.FromMinutes(1))!;
        TakeOver(job.Id, "second");

        Assert.False(_stores.Jobs.Complete(job.Id, "first"));
        Assert.False(_stores.Jobs.Fail(job.Id, "first", "late failure"));
        var after = _db.Jobs.FindById(job.Id);
        Assert.Equal((JobStates.Leased, "second", null), (after.State, after.LeaseOwner, after.LastError));

        Assert.True(_stores.Jobs.Complete(job.Id, "second"));
        Assert.Equal(JobStates.Done, _db.Jobs.FindById(job.Id).State);
    }

    [Fact]
    public async Task Crawl_WhoseLeaseIsTakenOver_StopsAtOnce_AndLeavesTheJobToItsNewOwner()
    {
        SiteSchedule.Add(_stores, ["slow.example"], 2018, 2018);
        var job = _stores.Jobs.TryLease("first", TimeSpan.FromSeconds(1))!;
        var archive = new HangingArchive();
        var executor = new JobExecutor(new SiteCrawler(archive, _stores, new PolicyExtractor()), _stores) { LeaseDuration = TimeSpan.FromMilliseconds(600) };

        var running = executor.ExecuteAsync(job, "first", TestContext.Current.CancellationToken);
        await archive.Asked.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        TakeOver(job.Id, "second");
        var outcome = await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(JobOutcomeKind.Released, outcome.Kind);
        Assert.Contains("lease was lost", outcome.Error, StringComparison.Ordinal);
        Assert.True(archive.Cancelled, "the crawl went on after its lease was lost");
        var after = _db.Jobs.FindById(job.Id);
        Assert.Equal((JobStates.Leased, "second"), (after.State, after.LeaseOwner));
        Assert.Equal(SiteStates.Pending, _stores.Sites.Find("slow.example")!.State);
    }

    /// <summary>An archive whose CDX answer never comes, until the caller gives up.</summary>
    private sealed class HangingArchive : IWebArchive
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Cancelled { get; private set; }
        public string Location => "hanging";

        public async IAsyncEnumerable<Capture> ListCapturesAsync(CaptureQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
            yield break;
        }

        public Task<Snapshot> FetchAsync(string timestamp, string url, CancellationToken cancellationToken) =>
            throw new ArchiveException(ArchiveErrorKind.NotFound, "no snapshots here");
    }
}
