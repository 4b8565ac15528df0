using Harvester.Storage;
using Harvester.Tests.Support;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace Harvester.Tests.Storage;

/// <summary>
/// A LiteDB file keeps each URL's captures in one document. Files written before that (a document per capture) are
/// moved over at open, a slice at a time, without losing or doubling a capture even where an earlier open was cut off
/// half-way; and what the file holds is still read whole by migrate and checked by check.
/// </summary>
public sealed class CaptureLayoutTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    private static CaptureRecord Legacy(string urlKey, string timestamp, string url, int? status, string digest) =>
        new() { Id = urlKey + " " + timestamp + " " + url, UrlKey = urlKey, Timestamp = timestamp, Url = url, Status = status, Digest = digest };

    [Fact]
    public void CapturesOfAnOlderFile_AreMovedAtOpen_ResumingAHalfDoneMove()
    {
        var path = _dir.Combine("old.db");
        // 12,000 captures of one busy URL (more than one slice), two of a quiet one, and a URL half moved already.
        var busy = Enumerable.Range(0, 12000).Select(i => Legacy("com,busy)/", $"{2000 + i / 336}{i / 28 % 12 + 1:D2}{i % 28 + 1:D2}120000",
            i % 2 == 0 ? "http://busy.com/" : "https://busy.com/", i % 7 == 0 ? 301 : 200, $"B{i}")).ToList();
        using (var db = LiteDbFile.Open(path))
        {
            ICaptureStore store = new LiteDbCaptureStore(db, _time);
            store.Save("com,half)/", 2018, 2019, [new CaptureRecord { Url = "http://half.com/", Timestamp = "20180101000000", Status = 200, Digest = "NEW" }]);
            db.Write(() =>
            {
                var legacy = db.Db.GetCollection<CaptureRecord>("captures");
                legacy.InsertBulk(busy);
                legacy.Insert(Legacy("com,quiet)/", "20190101000000", "http://quiet.com/", null, "Q2"));
                legacy.Insert(Legacy("com,quiet)/", "20180101000000", "http://quiet.com/", 200, "Q1"));
                // Still in the old layout after a move was cut off: one capture the new layout already holds (it wins), one it does not.
                legacy.Insert(Legacy("com,half)/", "20180101000000", "http://half.com/", 200, "OLD"));
                legacy.Insert(Legacy("com,half)/", "20180601000000", "http://half.com/", 302, "H2"));
            });
        }
        using (var db = LiteDbFile.Open(path))
        {
            Assert.False(db.Db.CollectionExists("captures"));
            ICaptureStore store = new LiteDbCaptureStore(db, _time);
            var expectedBusy = busy.OrderBy(c => c.Timestamp, StringComparer.Ordinal).ThenBy(c => c.Url, StringComparer.Ordinal)
                .Select(c => (c.Id, c.UrlKey, c.Timestamp, c.Url, c.Status, c.Digest)).ToList();
            Assert.Equal(expectedBusy, store.ForUrlKey("com,busy)/").Select(c => (c.Id, c.UrlKey, c.Timestamp, c.Url, c.Status, c.Digest)));
            Assert.Equal([("20180101000000", (int?)200, "Q1"), ("20190101000000", null, "Q2")],
                store.ForUrlKey("com,quiet)/").Select(c => (c.Timestamp, c.Status, c.Digest)));
            Assert.Equal([("20180101000000", "NEW"), ("20180601000000", "H2")], store.ForUrlKey("com,half)/").Select(c => (c.Timestamp, c.Digest)));
            Assert.Equal(12004, new LiteDbRecordSource(db).AllCaptures().Count());
            Assert.True(new StoreCheck(db).CheckEverything(cancellationToken: TestContext.Current.CancellationToken).IsClean);
        }
    }

    [Fact]
    public void ADamagedCaptureDocument_IsReportedByCheck_AndTheOthersStillRead()
    {
        var path = _dir.Combine("damaged.db");
        using var db = LiteDbFile.Open(path);
        ICaptureStore store = new LiteDbCaptureStore(db, _time);
        store.Save("com,a)/", 2018, 2019, [new CaptureRecord { Url = "http://a.com/", Timestamp = "20180101000000", Status = 200, Digest = "A" }]);
        db.Write(() => db.Db.GetCollection("url_captures").Insert(new BsonDocument
        {
            ["_id"] = "com,b)/", ["t"] = new BsonArray(new BsonValue("20180101000000")), ["u"] = new BsonArray(), ["s"] = new BsonArray(), ["d"] = new BsonArray(),
        }));

        var report = new StoreCheck(db).CheckEverything(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["url_captures com,b)/: its fields cannot be read (the captures of com,b)/ have arrays of different lengths)"], report.Problems.Select(p => p.ToString()));
        Assert.Equal("A", Assert.Single(store.ForUrlKey("com,a)/")).Digest);
    }

    [Fact]
    public void IndexesOnlyInsertsPaidFor_AreDroppedFromAnOlderFile()
    {
        var path = _dir.Combine("indexes.db");
        using (var db = LiteDbFile.Open(path))
        {
            db.Intervals.EnsureIndex(i => i.Site);
            db.Versions.EnsureIndex(v => v.TextHash);
        }
        using (var db = LiteDbFile.Open(path))
        {
            var indexes = db.Db.GetCollection("$indexes").FindAll().Select(d => d["collection"].AsString + "." + d["name"].AsString).ToHashSet();
            Assert.DoesNotContain("intervals.Site", indexes);
            Assert.DoesNotContain("versions.TextHash", indexes);
            Assert.Contains("intervals.Outcome", indexes);
            Assert.Contains("versions.Site", indexes);
        }
    }
}
