using Harvester.Storage;
using Harvester.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Harvester.Tests.Support.PolicyCandidates;

namespace Harvester.Tests.Storage.Contract;

/// <summary>
/// What every store backend promises, run against each (<see cref="LiteDbStoreContractTests"/>,
/// <see cref="PostgresStoreContractTests"/>): the same calls give the same answers.
/// </summary>
public abstract class StoreContract : IDisposable
{
    protected readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private IHarvesterStore? _store;

    protected IHarvesterStore Store => _store ??= Open(Time);

    protected abstract IHarvesterStore Open(TimeProvider time);

    public virtual void Dispose() => _store?.Dispose();

    [Fact]
    public void Sites_AddKeepsOrReplacesYears_FinishAddsRequests()
    {
        var added = Store.Sites.Add("b.example", null, null);
        Assert.Equal((ISiteStore.FirstArchiveYear, 2026, SiteStates.Pending), (added.FromYear, added.ToYear, added.State));
        Store.Sites.Add("a.example", 2010, 2012);
        Store.Sites.Add("a.example", null, 2015);
        Store.Sites.Finish("a.example", SiteStates.Done, 7);
        Store.Sites.Finish("a.example", SiteStates.Done, 5);
        var a = Store.Sites.Find("a.example")!;
        Assert.Equal((2010, 2015, SiteStates.Done, 12L), (a.FromYear, a.ToYear, a.State, a.Requests));
        Assert.Equal(["a.example", "b.example"], Store.Sites.All().Select(s => s.Domain));
        Assert.Equal(2, Store.Sites.Count);
        Assert.Null(Store.Sites.Find("c.example"));
        Assert.Throws<StorageException>(() => Store.Sites.Finish("c.example", SiteStates.Done, 1));
        Store.Sites.Add("a.example", 2020, 2019);
        Assert.Equal((2020, 2020), (Store.Sites.Find("a.example")!.FromYear, Store.Sites.Find("a.example")!.ToYear));
    }

    [Fact]
    public void Sites_AddManyFollowsAddsRules_AndJobsQueueOnceInListOrder()
    {
        Store.Sites.Add("a.example", 2010, 2012);
        Store.Jobs.Enqueue("a.example");
        Store.Sites.AddMany(["c.example", "a.example", "b.example", "c.example"], null, 2015);
        Store.Jobs.EnqueueMany(["c.example", "a.example", "b.example", "c.example"]);
        Assert.Equal([("a.example", 2010, 2015), ("b.example", ISiteStore.FirstArchiveYear, 2015), ("c.example", ISiteStore.FirstArchiveYear, 2015)],
            Store.Sites.All().Select(s => (s.Domain, s.FromYear, s.ToYear)));
        Assert.All(Store.Sites.All(), s => Assert.Equal(SiteStates.Pending, s.State));

        // A range given backwards collapses onto the year given, as Add does.
        Store.Sites.AddMany(["a.example", "d.example"], null, 2005);
        Assert.Equal((2005, 2005), (Store.Sites.Find("a.example")!.FromYear, Store.Sites.Find("a.example")!.ToYear));
        Store.Sites.AddMany(["d.example"], 2030, null);
        Assert.Equal((2030, 2030), (Store.Sites.Find("d.example")!.FromYear, Store.Sites.Find("d.example")!.ToYear));

        // One active job a site; the new ones lease in the list's order after the one queued before.
        var leased = new List<string>();
        while (Store.Jobs.TryLease("w", TimeSpan.FromMinutes(5)) is { } job) leased.Add(job.Site);
        Assert.Equal(["a.example", "c.example", "b.example"], leased);
    }

    [Fact]
    public void Captures_SavedPerUrlKey_InTimestampOrder_AndLookupsRemembered()
    {
        Store.Captures.Save("com,a)/", 2018, 2019, [
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20190101000000", Status = 200, Digest = "D2" },
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20180101000000", Status = null, Digest = "D1" },
        ]);
        Store.Captures.Save("com,a)/", "com,a)/ redirects", 2018, 2019, [new CaptureRecord { Url = "http://a.com/", Timestamp = "20180101000000", Status = 301, Digest = "D1" }]);
        var captures = Store.Captures.ForUrlKey("com,a)/");
        Assert.Equal(["20180101000000", "20190101000000"], captures.Select(c => c.Timestamp));
        Assert.Equal(301, captures[0].Status);
        Assert.Equal("com,a)/", captures[0].UrlKey);
        var at = Time.GetUtcNow().UtcDateTime;
        Assert.True(Store.Captures.WasLookedUp("com,a)/", 2018, 2019, at));
        Assert.True(Store.Captures.WasLookedUp("com,a)/", 2019, 2019, at.AddMinutes(-1)));
        Assert.False(Store.Captures.WasLookedUp("com,a)/", 2017, 2019, at));
        Assert.False(Store.Captures.WasLookedUp("com,a)/", 2018, 2019, at.AddMinutes(1)));
        Assert.True(Store.Captures.WasLookedUp("com,a)/ redirects", 2018, 2019, at));
        Assert.Empty(Store.Captures.ForUrlKey("com,b)/"));
    }

    [Fact]
    public void Captures_SaveGivesTheUrlsCapturesAfterwards_AndForLookupAnswersOnlyACoveringLookup()
    {
        var at = Time.GetUtcNow().UtcDateTime;
        Assert.Null(Store.Captures.ForLookup("com,a)/", "com,a)/", 2018, 2019, at));
        var first = Store.Captures.Save("com,a)/", 2018, 2019, [
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20190101000000", Status = 200, Digest = "D2" },
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20180101000000", Status = 200, Digest = "D1" },
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20180101000000", Status = 200, Digest = "D1b" },
        ]);
        Assert.Equal([("20180101000000", "D1b"), ("20190101000000", "D2")], first.Select(c => (c.Timestamp, c.Digest)));
        // Another lookup of the same URL: its answer holds both lookups' captures, one changed, and so does ForLookup.
        var second = Store.Captures.Save("com,a)/", "com,a)/ redirects", 2018, 2019, [
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20190101000000", Status = 301, Digest = "D3" },
            new CaptureRecord { Url = "http://a.com/", Timestamp = "20180601000000", Status = 302, Digest = "D4" },
        ]);
        Assert.Equal([("20180101000000", 200, "D1b"), ("20180601000000", 302, "D4"), ("20190101000000", 301, "D3")],
            second.Select(c => (c.Timestamp, c.Status ?? 0, c.Digest)));
        Assert.Equal(second.Select(c => (c.Id, c.UrlKey, c.Timestamp, c.Url, c.Status, c.Digest)),
            Store.Captures.ForLookup("com,a)/", "com,a)/", 2018, 2019, at)!.Select(c => (c.Id, c.UrlKey, c.Timestamp, c.Url, c.Status, c.Digest)));
        Assert.Equal(3, Store.Captures.ForLookup("com,a)/", "com,a)/ redirects", 2019, 2019, at.AddMinutes(-1))!.Count);
        Assert.Null(Store.Captures.ForLookup("com,a)/", "com,a)/", 2017, 2019, at));
        Assert.Null(Store.Captures.ForLookup("com,a)/", "com,a)/", 2018, 2019, at.AddMinutes(1)));
        Assert.Null(Store.Captures.ForLookup("com,b)/", "com,b)/", 2018, 2019, at));
        // A lookup that found nothing is still a lookup: an empty list, not "look it up again".
        Assert.Empty(Store.Captures.Save("com,b)/", 2018, 2019, []));
        Assert.Empty(Store.Captures.ForLookup("com,b)/", "com,b)/", 2018, 2019, at)!);
    }

    [Fact]
    public void Payloads_FetchedDigests_AskedTogether_AnswerTheFetchedOnesOnly()
    {
        Assert.Empty(Store.Payloads.FindFetched(["DA", "DB", string.Empty]));
        Store.Payloads.PutMany([
            ([1, 2], new FetchedDigestRecord { Digest = "DA", StatusCode = 200, ContentType = "text/html" }),
            ([3], new FetchedDigestRecord { Digest = "DC", StatusCode = 302, RedirectTarget = "http://c/" }),
        ]);
        var found = Store.Payloads.FindFetched(["DA", "DB", "DC", "DA", string.Empty]);
        Assert.Equal(["DA", "DC"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((PayloadCodec.Sha256([1, 2]), 200, "text/html", (string?)null), (found["DA"].Sha256, found["DA"].StatusCode, found["DA"].ContentType, found["DA"].RedirectTarget));
        Assert.Equal((PayloadCodec.Sha256([3]), 302, "http://c/"), (found["DC"].Sha256, found["DC"].StatusCode, found["DC"].RedirectTarget));
        Assert.Empty(Store.Payloads.FindFetched(Array.Empty<string>()));
    }

    [Fact]
    public void Payloads_StoredOnce_ReadBackExactly_MissingOneNamed()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("<html>" + new string('x', 5000) + "</html>");
        var sha = Store.Payloads.Put(bytes);
        Assert.Equal(sha, Store.Payloads.Put([.. bytes]));
        Assert.Equal(PayloadCodec.Sha256(bytes), sha);
        Assert.Equal(bytes, Store.Payloads.Get(sha));
        Assert.Equal(1, Store.Payloads.Count);
        var missing = Assert.Throws<StorageException>(() => Store.Payloads.Get(new string('0', 64)));
        Assert.Contains("not in the database", missing.Message);
        Assert.Null(Store.Payloads.FindFetched("DIGEST"));
        Assert.Equal(sha, Store.Payloads.Put(bytes, new FetchedDigestRecord { Digest = "DIGEST", StatusCode = 200, ContentType = "text/html" }));
        Assert.Equal(sha, Store.Payloads.Put(bytes, new FetchedDigestRecord { Digest = "DIGEST", StatusCode = 301, RedirectTarget = "http://b/" }));
        var other = Store.Payloads.Put([9, 9], new FetchedDigestRecord { Digest = "OTHER", StatusCode = 200 });
        Assert.Equal(other, Store.Payloads.FindFetched("OTHER")!.Sha256);
        Assert.Equal([9, 9], Store.Payloads.Get(other));
        Store.Payloads.Put([8], new FetchedDigestRecord { Digest = string.Empty, StatusCode = 200 });
        Assert.Equal(3, Store.Payloads.Count);
        var fetched = Store.Payloads.FindFetched("DIGEST")!;
        Assert.Equal((sha, 301, null, "http://b/"), (fetched.Sha256, fetched.StatusCode, fetched.ContentType, fetched.RedirectTarget));
        Assert.Null(Store.Payloads.FindFetched(string.Empty));
    }

    [Fact]
    public void Payloads_PutTogether_AreEachStoredOnce_WithTheirFetchedCaptures()
    {
        byte[] a = [1, 2, 3], b = [4, 5], c = [6];
        var before = Store.Payloads.Put(c);
        var shas = Store.Payloads.PutMany([
            (a, new FetchedDigestRecord { Digest = "DA", StatusCode = 200, ContentType = "text/html" }),
            ([.. a], new FetchedDigestRecord { Digest = "DA2", StatusCode = 301, RedirectTarget = "http://x/" }),
            (b, null),
            (c, new FetchedDigestRecord { Digest = "DC", StatusCode = 200 }),
            (b, new FetchedDigestRecord { Digest = string.Empty, StatusCode = 200 }),
        ]);
        Assert.Equal([PayloadCodec.Sha256(a), PayloadCodec.Sha256(a), PayloadCodec.Sha256(b), before, PayloadCodec.Sha256(b)], shas);
        Assert.Equal(3, Store.Payloads.Count);
        Assert.Equal(a, Store.Payloads.Get(shas[0]));
        Assert.Equal(b, Store.Payloads.Get(shas[2]));
        Assert.Equal(c, Store.Payloads.Get(before));
        Assert.Equal((shas[0], 200, "text/html"), (Store.Payloads.FindFetched("DA")!.Sha256, Store.Payloads.FindFetched("DA")!.StatusCode, Store.Payloads.FindFetched("DA")!.ContentType));
        Assert.Equal((shas[0], "http://x/"), (Store.Payloads.FindFetched("DA2")!.Sha256, Store.Payloads.FindFetched("DA2")!.RedirectTarget));
        Assert.Equal(before, Store.Payloads.FindFetched("DC")!.Sha256);
        Assert.Empty(Store.Payloads.PutMany([]));
    }

    [Fact]
    public void EmptyHalfYears_RecordedTogether_AreEachRecordedAsAlone()
    {
        Store.Versions.RecordEmpty("a.example", "2018-A", IntervalOutcomes.FetchError, "was down", 2);
        Store.Versions.RecordEmpty([
            new IntervalRecord { Site = "a.example", Interval = "2017-A", Outcome = IntervalOutcomes.NoCapture, Detail = "none", Requests = 0 },
            new IntervalRecord { Site = "a.example", Interval = "2018-A", Outcome = IntervalOutcomes.NoPolicyLink, HomeTimestamp = "20180101000000", Requests = 1 },
            new IntervalRecord { Site = "b.example", Interval = "2017-B", Outcome = IntervalOutcomes.OutsideInterval, PolicyUrl = "http://b.example/p", Requests = 3 },
        ]);
        Store.Versions.RecordEmpty([]);
        var a = Store.Versions.Intervals("a.example");
        Assert.Equal([("2017-A", IntervalOutcomes.NoCapture, "none", 0), ("2018-A", IntervalOutcomes.NoPolicyLink, null, 1)],
            a.Select(i => (i.Interval, i.Outcome, i.Detail, i.Requests)));
        Assert.Equal("20180101000000", a[1].HomeTimestamp);
        var b = Assert.Single(Store.Versions.Intervals("b.example"));
        Assert.Equal(("http://b.example/p", 3, Time.GetUtcNow().UtcDateTime), (b.PolicyUrl, b.Requests, b.RecordedAt));
    }

    [Fact]
    public void HalfYears_OfASite_AreItsOwn_BesideSitesWhoseNamesBeginAlike()
    {
        // LiteDB finds a site's half-years by the prefix of their ids ("site/half-year"): names that share a beginning,
        // or hold LIKE's wildcard "_", must not mix.
        string[] sites = ["a.example", "a.example-b", "a.example.com", "a_example", "ab.example", "a.exampl"];
        Store.Versions.RecordEmpty([.. sites.SelectMany(s => new[] { "2019-B", "2018-A" }.Select(h =>
            new IntervalRecord { Site = s, Interval = h, Outcome = IntervalOutcomes.NoCapture, Detail = s, Requests = 1 }))]);

        foreach (var site in sites)
        {
            Assert.Equal([("2018-A", site), ("2019-B", site)], Store.Versions.Intervals(site).Select(i => (i.Interval, i.Detail)));
        }
        Assert.Empty(Store.Versions.Intervals("a"));
    }

    [Fact]
    public void HalfYears_RecordedTogether_AreDecidedAsOneAtATime()
    {
        // The same half-years for sites x and y in one call each, and for x2 and y2 one call a half-year.
        (string Site, string Interval, string? Body)[] first =
        [
            ("x", "2018-A", "One."), ("x", "2018-B", null), ("x", "2019-A", "One."), ("y", "2019-A", "Other."),
            ("x", "2019-B", "Two."), ("x", "2020-A", "One."), ("x", "2020-B", "Two."),
        ];
        (string Site, string Interval, string? Body)[] second = [("x", "2021-A", "Two."), ("x", "2021-B", "Three."), ("y", "2018-A", null)];

        List<(int, bool)> together = [];
        foreach (var part in new[] { first, second })
        {
            together.AddRange(Store.Versions.Record(
                [.. part.Where(h => h.Body is null).Select(h => new IntervalRecord { Site = h.Site + ".example", Interval = h.Interval, Outcome = IntervalOutcomes.NoPolicyLink, Requests = 2 })],
                [.. part.Where(h => h.Body is not null).Select(h => new FoundPolicy(h.Site + ".example", h.Interval, Candidate(h.Body!), 3))]));
        }
        List<(int, bool)> alone = [];
        foreach (var (site, interval, body) in first.Concat(second))
        {
            if (body is null) Store.Versions.RecordEmpty(site + "2.example", interval, IntervalOutcomes.NoPolicyLink, null, 2);
            else alone.Add(Store.Versions.RecordFound(site + "2.example", interval, Candidate(body), 3));
        }

        Assert.Equal([(1, true), (1, false), (1, true), (2, true), (1, false), (2, false), (2, false), (3, true)], together);
        Assert.Equal(alone, together);
        foreach (var site in new[] { "x", "y" })
        {
            Assert.Equal(
                Store.Versions.ForSite(site + "2.example").Select(v => (v.Number, string.Join(",", v.Intervals), v.FirstInterval, v.LastInterval, v.TextHash, v.NearDuplicateOf, v.Markdown)),
                Store.Versions.ForSite(site + ".example").Select(v => (v.Number, string.Join(",", v.Intervals), v.FirstInterval, v.LastInterval, v.TextHash, v.NearDuplicateOf, v.Markdown)));
            Assert.Equal(
                Store.Versions.Intervals(site + "2.example").Select(i => (i.Interval, i.Outcome, i.Version, i.Requests)),
                Store.Versions.Intervals(site + ".example").Select(i => (i.Interval, i.Outcome, i.Version, i.Requests)));
        }
        Assert.Equal(["2018-A,2019-A,2020-A", "2019-B,2020-B,2021-A", "2021-B"], Store.Versions.ForSite("x.example").Select(v => string.Join(",", v.Intervals)));
        Assert.Empty(Store.Versions.Record([], []));
    }

    [Fact]
    public void Versions_ATextRewrittenByReextraction_IsTheOneLaterHalfYearsExtend()
    {
        Store.Versions.RecordFound("a.example", "2019-A", Candidate("Old words."), 1);
        Store.Versions.RecordFound("a.example", "2019-B", Candidate("Old words."), 1);
        // Re-extraction rewrites v1's text; the decision of a later half-year must see the new hash, not the old one.
        var v1 = Store.Versions.Find("a.example", 1)!;
        var rewritten = Candidate("New words.");
        (v1.Markdown, v1.TextHash) = (rewritten.Markdown, rewritten.TextHash);
        Store.Versions.UpdateMarkdown(v1);

        Assert.Equal((1, false), Store.Versions.RecordFound("a.example", "2020-A", Candidate("New words."), 1));
        Assert.Equal((2, true), Store.Versions.RecordFound("a.example", "2020-B", Candidate("Old words."), 1));
        Assert.Equal((2, false), Store.Versions.RecordFound("a.example", "2021-A", Candidate("Old words."), 1));
        Assert.Equal([["2019-A", "2019-B", "2020-A"], ["2020-B", "2021-A"]], Store.Versions.ForSite("a.example").Select(v => v.Intervals));
    }

    [Fact]
    public void Versions_SameTextExtends_NewTextNumbersOn_NearDuplicateMarked()
    {
        var first = Store.Versions.RecordFound("a.example", "2019-A", Candidate("We collect data."), 3);
        var again = Store.Versions.RecordFound("a.example", "2018-B", Candidate("We collect data.", timestamp: "20181001000000"), 2);
        var again2 = Store.Versions.RecordFound("a.example", "2019-A", Candidate("We collect data."), 2);
        var second = Store.Versions.RecordFound("a.example", "2020-A", Candidate("We collect less data.", simHash: 1), 4);
        Store.Versions.RecordFound("b.example", "2020-A", Candidate("Other."), 1);
        Assert.Equal((1, true), first);
        Assert.Equal((1, false), again);
        Assert.Equal((1, false), again2);
        Assert.Equal((2, true), second);
        var versions = Store.Versions.ForSite("a.example");
        Assert.Equal([1, 2], versions.Select(v => v.Number));
        Assert.Equal(["2018-B", "2019-A"], versions[0].Intervals);
        Assert.Equal(("2018-B", "2019-A"), (versions[0].FirstInterval, versions[0].LastInterval));
        Assert.Equal(1, versions[1].NearDuplicateOf);
        Assert.Equal("2019-A", versions[0].Intervals[^1]);
        var v2 = Store.Versions.Find("a.example", 2)!;
        Assert.Equal(v2.Markdown, Store.Versions.FindById(v2.Id)!.Markdown);
        Assert.Equal("> provenance 20200101000000 privacy\n\nWe collect less data.\n", v2.Markdown);
        Assert.Null(Store.Versions.Find("a.example", 3));
        Assert.Equal(3, Store.Versions.Count);
        Assert.Equal([("a.example", 1), ("a.example", 2), ("b.example", 1)], Store.Versions.All().Select(v => (v.Site, v.Number)));

        var interval = Store.Versions.FindInterval("a.example", "2019-A")!;
        Assert.Equal((IntervalOutcomes.Found, 1, 2), (interval.Outcome, interval.Version, interval.Requests));
        Store.Versions.RecordEmpty("a.example", "2017-A", IntervalOutcomes.NoPolicyLink, "no link", 1, "20170101000000");
        Store.Versions.RecordEmpty("a.example", "2017-A", IntervalOutcomes.NoCapture, null, 1);
        Assert.Equal(["2017-A", "2018-B", "2019-A", "2020-A"], Store.Versions.Intervals("a.example").Select(i => i.Interval));
        Assert.Equal(IntervalOutcomes.NoCapture, Store.Versions.FindInterval("a.example", "2017-A")!.Outcome);
        Assert.Equal(new Dictionary<string, int> { [IntervalOutcomes.Found] = 4, [IntervalOutcomes.NoCapture] = 1 }, Store.Versions.CountIntervalsByOutcome());
    }

    [Fact]
    public void Search_CaseInsensitive_BodyOnly_OrderedAndLimited()
    {
        Store.Versions.RecordFound("c.example", "2019-A", Candidate("We share data with PARTNERS."), 1);
        Store.Versions.RecordFound("a.example", "2019-A", Candidate("Partners may see it."), 1);
        Store.Versions.RecordFound("a.example", "2020-A", Candidate("No sharing at all."), 1);
        Store.Versions.RecordFound("b.example", "2019-A", Candidate("100% of partners_x"), 1);
        Store.Search.CatchUp(cancellationToken: TestContext.Current.CancellationToken);
        Store.Versions.RecordFound("d.example", "2019-A", Candidate("late partners"), 1); // stored after the index caught up

        Assert.Equal([("a.example", 1), ("b.example", 1), ("c.example", 1), ("d.example", 1)],
            Store.Versions.Search("partners").Versions.Select(v => (v.Site, v.Number)));
        var limited = Store.Versions.Search("PARTNERS", limit: 2);
        Assert.False(limited.Complete);
        Assert.Equal(["a.example", "c.example"], limited.Versions.Select(v => v.Site)); // the first two stored, by site
        Assert.True(Store.Versions.Search("partners", limit: 4).Complete);
        Assert.Empty(Store.Versions.Search("provenance").Versions); // the provenance line is not the policy
        Assert.Single(Store.Versions.Search("100% of").Versions);
        Assert.Single(Store.Versions.Search("partners_x").Versions);
        Assert.Empty(Store.Versions.Search("partnersx").Versions);
        Assert.Equal([1], Store.Versions.Search("partners", site: "a.example").Versions.Select(v => v.Number));
        Assert.Single(Store.Versions.Search("sharing", site: "a.example").Versions);
    }

    [Fact]
    public void UpdateMarkdown_ReplacesTheText()
    {
        Store.Versions.RecordFound("a.example", "2019-A", Candidate("Old text."), 1);
        var v = Store.Versions.Find("a.example", 1)!;
        v.Markdown = "> p\n\nNew text.\n";
        v.TextHash = Harvester.Core.Versioning.PolicyText.Hash(v.Markdown);
        v.ExtractorVersion = "next";
        Store.Versions.UpdateMarkdown(v);
        Store.Search.Reset();
        Store.Search.CatchUp(cancellationToken: TestContext.Current.CancellationToken);
        var read = Store.Versions.Find("a.example", 1)!;
        Assert.Equal(("> p\n\nNew text.\n", "next"), (read.Markdown, read.ExtractorVersion));
        Assert.Single(Store.Versions.Search("new text").Versions);
        Assert.Empty(Store.Versions.Search("old text").Versions);
    }

    [Fact]
    public void Jobs_LeasedInDueOrder_OwnerChecked_BackoffThenFailed_Retried()
    {
        var a = Store.Jobs.Enqueue("a.example");
        Assert.Equal(a.Id, Store.Jobs.Enqueue("a.example").Id);
        Time.Advance(TimeSpan.FromSeconds(1));
        Store.Jobs.Enqueue("b.example");
        Assert.True(Store.Jobs.HasPending());
        Assert.True(Store.Jobs.HasPending(["b.example"]));
        Assert.False(Store.Jobs.HasPending(["c.example"]));

        var lease = TimeSpan.FromMinutes(5);
        var first = Store.Jobs.TryLease("w1", lease)!;
        Assert.Equal(("a.example", 1, JobStates.Leased), (first.Site, first.Attempts, first.State));
        var second = Store.Jobs.TryLease("w2", lease)!;
        Assert.Equal("b.example", second.Site);
        Assert.Null(Store.Jobs.TryLease("w3", lease));

        Assert.False(Store.Jobs.Complete(first.Id, "w2"));
        Assert.False(Store.Jobs.Renew(first.Id, "w2", lease));
        Assert.True(Store.Jobs.Renew(first.Id, "w1", lease));
        Assert.False(Store.Jobs.Fail(first.Id, "w2", "nope"));
        Assert.True(Store.Jobs.Fail(first.Id, "w1", "archive down", maxAttempts: 2, kind: "unavailable"));
        Assert.Equal(Time.GetUtcNow().UtcDateTime + JobBackoff.After(1), Store.Jobs.NextDue()!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Null(Store.Jobs.TryLease("w3", lease)); // backing off
        Assert.Equal(new Dictionary<string, int> { ["unavailable"] = 1 }, Store.Jobs.FailuresByKind());

        Time.Advance(TimeSpan.FromMinutes(1));
        var retry = Store.Jobs.TryLease("w3", lease)!;
        Assert.Equal((first.Id, 2), (retry.Id, retry.Attempts));
        Assert.True(Store.Jobs.Fail(retry.Id, "w3", "archive still down", maxAttempts: 2, kind: "unavailable"));
        Assert.Equal("a.example", Assert.Single(Store.Jobs.Failed()).Site);
        Assert.Equal("archive still down", Store.Jobs.LastError("a.example"));
        Assert.Equal(new Dictionary<string, int> { [JobStates.Failed] = 1, [JobStates.Leased] = 1 }, Store.Jobs.CountByState());

        Assert.True(Store.Jobs.Complete(second.Id, "w2"));
        Assert.False(Store.Jobs.Complete(second.Id, "w2"));
        Assert.Equal(1, Store.Jobs.DoneSince(Time.GetUtcNow().UtcDateTime.AddHours(-1)).Count);

        Assert.Equal(1, Store.Jobs.RetryFailed("a.example"));
        Assert.Equal(0, Store.Jobs.RetryFailed());
        var again = Store.Jobs.TryLease("w4", lease)!;
        Assert.Equal(("a.example", 1), (again.Site, again.Attempts));
        Store.Jobs.Release(again.Id, "w4");
        Assert.Equal(0, Store.Jobs.TryLease("w5", lease)!.Attempts - 1);
    }

    [Fact]
    public void Jobs_CompleteCrawl_MarksJobAndSiteTogether_OnlyForTheLeaseOwner()
    {
        Store.Sites.Add("a.example", 2010, 2012);
        Store.Sites.Finish("a.example", SiteStates.Done, 4);
        Store.Jobs.Enqueue("a.example");
        Store.Jobs.Enqueue("gone.example"); // a job whose site is not in the store
        var lease = TimeSpan.FromMinutes(5);
        var a = Store.Jobs.TryLease("w", lease)!;
        var gone = Store.Jobs.TryLease("w", lease)!;

        Assert.False(Store.Jobs.CompleteCrawl(a.Id, "other", 7));
        Assert.Equal(4, Store.Sites.Find("a.example")!.Requests);
        Time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(Store.Jobs.CompleteCrawl(a.Id, "w", 7));
        var site = Store.Sites.Find("a.example")!;
        Assert.Equal((SiteStates.Done, 11L, Time.GetUtcNow().UtcDateTime), (site.State, site.Requests, site.UpdatedAt));
        Assert.False(Store.Jobs.CompleteCrawl(a.Id, "w", 7));
        Assert.Equal(11, Store.Sites.Find("a.example")!.Requests);
        Assert.Equal(1, Store.Jobs.DoneSince(Time.GetUtcNow().UtcDateTime.AddHours(-1)).Count);

        // The site is missing: refused, and the job is left as it was, still leased to its owner.
        Assert.Throws<StorageException>(() => Store.Jobs.CompleteCrawl(gone.Id, "w", 1));
        Assert.Equal(new Dictionary<string, int> { [JobStates.Done] = 1, [JobStates.Leased] = 1 }, Store.Jobs.CountByState());
        Assert.True(Store.Jobs.Renew(gone.Id, "w", lease));
    }

    [Fact]
    public void Jobs_ExpiredOrOrphanedLeases_AreTakenBack()
    {
        Store.Jobs.Enqueue("a.example");
        Store.Jobs.Enqueue("b.example");
        var lease = TimeSpan.FromMinutes(5);
        var a = Store.Jobs.TryLease("dead", lease)!;
        var b = Store.Jobs.TryLease("crashed", lease)!;
        Assert.Null(Store.Jobs.TryLease("w", lease));
        var orphan = Store.Jobs.TryLease("w", lease, ownerIsGone: o => o == "crashed")!;
        Assert.Equal((b.Id, "w"), (orphan.Id, orphan.LeaseOwner));
        Time.Advance(TimeSpan.FromMinutes(6));
        var expired = Store.Jobs.TryLease("w", lease)!;
        Assert.Equal(a.Id, expired.Id);
        Assert.False(Store.Jobs.Complete(a.Id, "dead"));
        Assert.True(Store.Jobs.Complete(a.Id, "w"));
        Assert.Null(Store.Jobs.TryLease("w", lease, onlySites: ["a.example"]));
    }

    [Fact]
    public void Markers_AndWorkers_RoundTrip()
    {
        Assert.Null(Store.Markers.Get("recrawl"));
        var at = new DateTime(2026, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        Store.Markers.Set("recrawl", at);
        Store.Markers.Set("recrawl", at.AddDays(1));
        Assert.Equal(at.AddDays(1), Store.Markers.Get("recrawl"));

        var now = Time.GetUtcNow().UtcDateTime;
        Store.Workers.Beat(new WorkerRecord { Id = "h:1:x", Host = "h", ProcessId = 1, RateGroup = "g", State = "running", InFlight = 2, StartedAt = now, UpdatedAt = now, Details = "{}" });
        Store.Workers.Beat(new WorkerRecord { Id = "h:1:x", Host = "h", ProcessId = 1, RateGroup = "g", State = "stopped", InFlight = 0, StartedAt = now, UpdatedAt = now.AddSeconds(5), Details = "{}" });
        var worker = Assert.Single(Store.Workers.Since(now));
        Assert.Equal(("stopped", 0), (worker.State, worker.InFlight));
        Assert.Empty(Store.Workers.Since(now.AddMinutes(1)));

        // A worker silent for a week is forgotten at the next beat of any worker: restarts do not pile up rows.
        Store.Workers.Beat(new WorkerRecord { Id = "h:2:y", Host = "h", ProcessId = 2, RateGroup = "g", State = "running", StartedAt = now, UpdatedAt = now.AddDays(8), Details = "{}" });
        Assert.Equal(["h:2:y"], Store.Workers.Since(now.AddDays(-30)).Select(w => w.Id));
    }
}

public sealed class LiteDbStoreContractTests : StoreContract
{
    private readonly TemporaryDirectory _dir = new();

    protected override IHarvesterStore Open(TimeProvider time) => LiteDbStore.Open(_dir.Combine("store.db"), time);

    public override void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}

public sealed class PostgresStoreContractTests : StoreContract
{
    protected override IHarvesterStore Open(TimeProvider time) =>
        Harvester.Storage.Postgres.PostgresStore.Open(PostgresServer.Instance.CreateDatabase(), time);
}
