using Harvester.Storage;
using Harvester.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Harvester.Tests.Storage;

public sealed class StoreTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LiteDbFile _db;

    public StoreTests() => _db = LiteDbFile.Open(_dir.Combine("test.db"));

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    private static VersionRecord Candidate(string markdown, long simhash = 0) =>
        new() { Markdown = markdown, TextHash = Harvester.Core.Versioning.PolicyText.Hash(markdown), SimHash = simhash, PolicyUrl = "http://a/p", PolicyTimestamp = "20180101000000" };

    [Fact]
    public void RecordFound_SameTextExtends_NewTextAddsTheNextVersion()
    {
        IVersionStore versions = new LiteDbVersionStore(_db, _time);

        var a1 = versions.RecordFound("a.example", "2018A", Candidate("> *x*\n# P\n\nOne.\n", 0b1111), 3);
        var a2 = versions.RecordFound("a.example", "2018B", Candidate("> *y*\n# P\n\nOne.\n", 0b1111), 1);
        var b = versions.RecordFound("a.example", "2019A", Candidate("> *z*\n# P\n\nTwo.\n", 0b1110), 2);
        var a3 = versions.RecordFound("a.example", "2019B", Candidate("> *w*\n# P\n\nOne.\n", 0b1111), 0);

        Assert.Equal([(1, true), (1, false), (2, true), (1, false)], new[] { a1, a2, b, a3 });
        var stored = versions.ForSite("a.example");
        Assert.Equal(["2018A", "2018B", "2019B"], stored[0].Intervals);
        Assert.Equal("2019B", stored[0].LastInterval);
        Assert.Equal(1, stored[1].NearDuplicateOf);
        Assert.Equal(2, versions.FindInterval("a.example", "2019A")!.Version);
    }

    [Fact]
    public void Versions_MarkdownIsStoredByteExact()
    {
        IVersionStore versions = new LiteDbVersionStore(_db, _time);
        const string markdown = "> *x*\n\n# Title\n\n  * item\n\nEnds with spaces  \n\n";

        versions.RecordFound("a.example", "2018A", Candidate(markdown), 1);

        Assert.Equal(markdown, versions.ForSite("a.example")[0].Markdown);
    }

    [Fact]
    public void Payloads_AreStoredOnceAndReadBack()
    {
        IPayloadStore payloads = new LiteDbPayloadStore(_db);
        var bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>policy</p>", 1000)));

        var sha1 = payloads.Put(bytes);
        var sha2 = payloads.Put(bytes);

        Assert.Equal(sha1, sha2);
        Assert.Equal(1, payloads.Count);
        Assert.Equal(bytes, payloads.Get(sha1));
    }

    [Fact]
    public void JobQueue_ExpiredLease_ComesBack()
    {
        var jobs = new LiteDbJobQueue(_db, _time);
        jobs.Enqueue("a.example");

        var first = jobs.TryLease("worker-1", TimeSpan.FromMinutes(10));
        Assert.NotNull(first);
        Assert.Null(jobs.TryLease("worker-2", TimeSpan.FromMinutes(10)));
        _time.Advance(TimeSpan.FromMinutes(11));
        var again = jobs.TryLease("worker-2", TimeSpan.FromMinutes(10));

        Assert.Equal(first.Id, again!.Id);
        Assert.Equal(2, again.Attempts);
        Assert.Equal("worker-2", again.LeaseOwner);
    }

    [Fact]
    public void JobQueue_FailuresBackOffThenStayFailedUntilRetried()
    {
        var jobs = new LiteDbJobQueue(_db, _time);
        var job = jobs.Enqueue("a.example");

        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var leased = jobs.TryLease("w", TimeSpan.FromMinutes(5));
            Assert.NotNull(leased);
            jobs.Fail(leased.Id, "w", "archive unavailable", maxAttempts: 2);
            if (attempt == 1)
            {
                Assert.Null(jobs.TryLease("w", TimeSpan.FromMinutes(5)));
                _time.Advance(TimeSpan.FromSeconds(31));
            }
        }

        var failed = Assert.Single(jobs.Failed());
        Assert.Equal("archive unavailable", failed.LastError);
        Assert.Null(jobs.TryLease("w", TimeSpan.FromMinutes(5)));
        Assert.Equal(1, jobs.RetryFailed());
        Assert.Equal(job.Id, jobs.TryLease("w", TimeSpan.FromMinutes(5))!.Id);
    }

    [Fact]
    public void Enqueue_SiteWithActiveJob_DoesNotDuplicate()
    {
        var jobs = new LiteDbJobQueue(_db, _time);
        Assert.Equal(jobs.Enqueue("a.example").Id, jobs.Enqueue("a.example").Id);
    }

    [Fact]
    public void Open_ForeignFile_IsRefusedAndLeftIntact()
    {
        var path = _dir.Combine("notes.txt");
        File.WriteAllText(path, "my precious notes, not a database");

        var e = Assert.Throws<StorageException>(() => LiteDbFile.Open(path));

        Assert.Contains("not a Harvester database", e.Message);
        Assert.Equal("my precious notes, not a database", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".lock"));
    }

    [Fact]
    public async Task Open_UnreadablePath_IsOneClearLine()
    {
        var folder = _dir.Combine("a-folder.db");
        Directory.CreateDirectory(folder);

        var asFolder = await CliRun.RunAsync("--db", folder, "status");
        var inMissingFolder = await CliRun.RunAsync("--db", _dir.Combine("no", "such", "h.db"), "status");

        Assert.Equal(1, asFolder.ExitCode);
        Assert.StartsWith($"harvester: {folder}: cannot open the database:", asFolder.Error);
        Assert.Single(asFolder.Error.TrimEnd().Split('\n'));
        Assert.Equal(1, inMissingFolder.ExitCode);
        Assert.Contains("does not exist", inMissingFolder.Error);
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Open_FileWithoutReadPermission_IsRefusedClearly()
    {
        if (Environment.UserName == "root") Assert.Skip("root reads any file: needs a user that permissions bind");
        var path = _dir.Combine("locked.db");
        LiteDbFile.Open(path).Dispose();
        File.SetUnixFileMode(path, UnixFileMode.None);
        try
        {
            var e = Assert.Throws<StorageException>(() => LiteDbFile.Open(path));
            Assert.Contains("cannot open the database", e.Message);
        }
        finally
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task ConcurrentWritersAndReaders_NeverSeeDamagedPayloadsOrVersions()
    {
        IPayloadStore payloads = new LiteDbPayloadStore(_db);
        IVersionStore versions = new LiteDbVersionStore(_db, _time);
        var shared = Enumerable.Range(0, 8).Select(i => System.Text.Encoding.UTF8.GetBytes(new string((char)('a' + i), 20_000 + i * 997))).ToArray();

        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(() =>
        {
            var random = new Random(w);
            for (int i = 0; i < 150; i++)
            {
                var own = new byte[random.Next(5_000, 40_000)];
                random.NextBytes(own);
                var bytes = random.Next(2) == 0 ? own : shared[random.Next(shared.Length)];
                var sha = payloads.Put(bytes);
                Assert.Equal(bytes, payloads.Get(sha));
                var text = $"# Policy {w}\n\nRevision {i / 10}.\n";
                versions.RecordFound($"w{w}.example", $"{2000 + i / 2}{(i % 2 == 0 ? "A" : "B")}", Candidate(text), 1);
                Assert.NotEmpty(versions.ForSite($"w{w}.example"));
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(workers);

        for (int w = 0; w < 6; w++) Assert.Equal(15, versions.ForSite($"w{w}.example").Count);
        foreach (var bytes in shared) Assert.Equal(bytes, payloads.Get(payloads.Put(bytes)));
    }
}
