using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Text;
using Harvester.Archive;
using Harvester.Archive.Wayback;
using Harvester.Tests.Support;
using Microsoft.Extensions.Options;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Harvester.Tests.Archive;

/// <summary>The Wayback client against WireMock.Net playing the Wayback Machine, faults included.</summary>
[Collection(ServerLogTimingCollection.Name)]
public sealed class WaybackArchiveTests : IDisposable
{
    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WaybackOptions Fast(string baseUrl) => new()
    {
        BaseUrl = baseUrl,
        SnapshotRequestsPerSecond = 200,
        CdxRequestsPerMinute = 12_000,
        MaxConcurrentRequests = 4,
        MaxRetries = 4,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        AttemptTimeout = TimeSpan.FromSeconds(2),
        OverallTimeout = TimeSpan.FromSeconds(60),
        CircuitMinimumThroughput = 1000,
        CircuitBreakDuration = TimeSpan.FromSeconds(1),
        CircuitSamplingDuration = TimeSpan.FromSeconds(5),
    };

    private static WaybackArchive Client(WaybackOptions options) => WaybackArchive.Create(options);

    private static string Html(string text) => $"<html><head><title>{text}</title></head><body><p>{text}</p></body></html>";

    private IEnumerable<DateTime> RequestTimes(string pathPrefix) =>
        _server.LogEntries.Where(e => e.RequestMessage.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).Select(e => e.RequestMessage.DateTime).Order();

    [Fact]
    public async Task ListCaptures_PagedCdx_FollowsResumeKeysAndDropsRowsWithoutLength()
    {
        const string header = """["urlkey","timestamp","original","mimetype","statuscode","digest","length"]""";
        _server.Given(Request.Create().WithPath("/cdx/search/cdx").WithParam("resumeKey", MatchBehaviour.RejectOnMatch).UsingGet())
            .RespondWith(Response.Create().WithBody($$"""
                [{{header}},
                 ["com,example)/","20180401000000","http://example.com/","text/html","200","AAAA","1234"],
                 ["com,example)/","20180501000000","http://example.com/","text/html","200","BBBB","-"],
                 [],
                 ["com%2Cexample%29%2F+20180601000000"]]
                """));
        _server.Given(Request.Create().WithPath("/cdx/search/cdx").WithParam("resumeKey").UsingGet())
            .RespondWith(Response.Create().WithBody($$"""
                [{{header}},
                 ["com,example)/","20181001000000","http://example.com/","warc/revisit","-","AAAA","512"],
                 ["com,example)/","20181101000000","https://example.com/","text/html","301","CCCC","400"]]
                """));
        using var archive = Client(Fast(_server.Url!));

        var captures = await archive.ListCapturesAsync(new CaptureQuery("example.com", 2018, 2018), Ct).ToListAsync(Ct);

        Assert.Equal(["20180401000000", "20181001000000", "20181101000000"], captures.Select(c => c.Timestamp));
        Assert.True(captures[1].IsRevisit);
        Assert.Equal(301, captures[2].StatusCode);
        var first = _server.LogEntries.First().RequestMessage;
        Assert.Equal("example.com", first.Query!["url"].Single());
        Assert.Equal("2018", first.Query["from"].Single());
        Assert.Equal("statuscode:200|301|302|-", first.Query["filter"].Single());
        Assert.Equal("com%2Cexample%29%2F+20180601000000", _server.LogEntries.Last().RequestMessage.Query!["resumeKey"].Single());
    }

    [Fact]
    public async Task Fetch_NearestCaptureRedirect_ReportsTheServedCaptureAndItsOriginalHeaders()
    {
        _server.Given(Request.Create().WithPath("/web/20180401000000id_/http://example.com/privacy").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/web/20180316101010id_/http://example.com/privacy"));
        _server.Given(Request.Create().WithPath("/web/20180316101010id_/http://example.com/privacy").UsingGet())
            .RespondWith(Response.Create().WithBody(Html("Policy")).WithHeader("Content-Type", "text/html")
                .WithHeader("Memento-Datetime", "Fri, 16 Mar 2018 10:10:10 GMT")
                .WithHeader("X-Archive-Orig-Content-Type", "text/html; charset=iso-8859-1")
                .WithHeader("X-Archive-Orig-Server", "Apache"));
        using var archive = Client(Fast(_server.Url!));

        var snapshot = await archive.FetchAsync("20180401000000", "http://example.com/privacy", Ct);

        Assert.Equal("20180316101010", snapshot.Timestamp);
        Assert.Equal("http://example.com/privacy", snapshot.OriginalUrl);
        Assert.False(snapshot.IsRedirect);
        Assert.Equal("iso-8859-1", snapshot.Charset);
        Assert.Equal("Apache", snapshot.Headers["Server"]);
        Assert.Equal(Html("Policy"), Encoding.UTF8.GetString(snapshot.Body));
    }

    [Fact]
    public async Task Fetch_RedirectCapture_IsReportedWithTheOriginalTarget()
    {
        _server.Given(Request.Create().WithPath("/web/20190403080000id_/http://example.com/privacy").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(301)
                .WithHeader("Location", "https://web.archive.org/web/20190403080000id_/http://example.com/privacy-2019")
                .WithHeader("Memento-Datetime", "Wed, 03 Apr 2019 08:00:00 GMT")
                .WithHeader("X-Archive-Orig-Location", "http://example.com/privacy-2019"));
        using var archive = Client(Fast(_server.Url!));

        var snapshot = await archive.FetchAsync("20190403080000", "http://example.com/privacy", Ct);

        Assert.True(snapshot.IsRedirect);
        Assert.Equal(301, snapshot.StatusCode);
        Assert.Equal("http://example.com/privacy-2019", snapshot.RedirectTarget);
    }

    [Fact]
    public async Task Fetch_RedirectLoop_FailsClearly()
    {
        _server.Given(Request.Create().WithPath("/web/1id_/http://loop.example/").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/web/2id_/http://loop.example/"));
        _server.Given(Request.Create().WithPath("/web/2id_/http://loop.example/").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "/web/1id_/http://loop.example/"));
        using var archive = Client(Fast(_server.Url!));

        var e = await Assert.ThrowsAsync<ArchiveException>(() => archive.FetchAsync("1", "http://loop.example/", Ct));

        Assert.Equal(ArchiveErrorKind.TooManyRedirects, e.Kind);
        Assert.StartsWith("redirect loop at ", e.Message);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    [Fact]
    public async Task Fetch_NotFound_IsNotRetried()
    {
        using var archive = Client(Fast(_server.Url!));

        var e = await Assert.ThrowsAsync<ArchiveException>(() => archive.FetchAsync("2018", "http://missing.example/", Ct));

        Assert.Equal(ArchiveErrorKind.NotFound, e.Kind);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task Fetch_429WithRetryAfter_WaitsAndMakesEveryCallerWait()
    {
        _server.Given(Request.Create().WithPath("/web/1id_/http://a.example/").UsingGet()).InScenario("a").WillSetStateTo("limited")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2"));
        _server.Given(Request.Create().WithPath("/web/1id_/http://a.example/").UsingGet()).InScenario("a").WhenStateIs("limited")
            .RespondWith(Response.Create().WithBody(Html("a")));
        _server.Given(Request.Create().WithPath("/web/1id_/http://b.example/").UsingGet())
            .RespondWith(Response.Create().WithBody(Html("b")));
        using var archive = Client(Fast(_server.Url!));

        var first = archive.FetchAsync("1", "http://a.example/", Ct);
        await Task.Delay(300, Ct);
        var second = archive.FetchAsync("1", "http://b.example/", Ct);
        await Task.WhenAll(first, second);

        var a = RequestTimes("/web/1id_/http://a.example/").ToList();
        var b = RequestTimes("/web/1id_/http://b.example/").Single();
        Assert.Equal(2, a.Count);
        Assert.True(a[1] - a[0] >= TimeSpan.FromSeconds(1.9), $"the limited caller retried after {(a[1] - a[0]).TotalSeconds:0.00} s");
        Assert.True(b - a[0] >= TimeSpan.FromSeconds(1.9), $"the other caller went ahead after {(b - a[0]).TotalSeconds:0.00} s");
        Assert.Equal(1, archive.Statistics[1].RateLimited);
    }

    [Fact]
    public async Task Fetch_503Storm_OpensTheCircuitPausesAndRecovers()
    {
        int calls = 0;
        _server.Given(Request.Create().WithPath(new WildcardMatcher("/web/*")).UsingGet())
            .RespondWith(Response.Create().WithCallback(_ => Interlocked.Increment(ref calls) <= 6
                ? new WireMock.ResponseMessage { StatusCode = 503 }
                : new WireMock.ResponseMessage { StatusCode = 200, BodyData = new WireMock.Util.BodyData { BodyAsString = Html("ok"), DetectedBodyType = WireMock.Types.BodyType.String } }));
        var options = Fast(_server.Url!);
        options.CircuitMinimumThroughput = 4;
        options.CircuitFailureRatio = 0.5;
        options.MaxRetries = 10;
        using var archive = Client(options);

        var snapshot = await archive.FetchAsync("1", "http://storm.example/", Ct);

        Assert.Equal(Html("ok"), Encoding.UTF8.GetString(snapshot.Body));
        var stats = archive.Statistics[1];
        Assert.True(stats.CircuitOpenings >= 1, "the circuit never opened");
        Assert.Equal("closed", stats.CircuitState);
        var times = RequestTimes("/web/").ToList();
        var longestGap = times.Zip(times.Skip(1), (x, y) => y - x).Max();
        Assert.True(longestGap >= TimeSpan.FromSeconds(0.9), $"no pause while the circuit was open (longest gap {longestGap.TotalSeconds:0.00} s)");
    }

    [Fact]
    public async Task Fetch_GzipEncodedBody_IsDecoded()
    {
        var html = Encoding.UTF8.GetBytes(Html("compressed"));
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) z.Write(html);
        _server.Given(Request.Create().WithPath("/web/1id_/http://gz.example/").UsingGet())
            .RespondWith(Response.Create().WithBody(gz.ToArray()).WithHeader("Content-Encoding", "gzip").WithHeader("Content-Type", "text/html"));
        using var archive = Client(Fast(_server.Url!));

        var snapshot = await archive.FetchAsync("1", "http://gz.example/", Ct);

        Assert.Equal(html, snapshot.Body);
        Assert.Contains("gzip", _server.LogEntries.Single().RequestMessage.Headers!["Accept-Encoding"].Single());
    }

    [Fact]
    public async Task Fetch_OversizeBody_IsRefusedWithoutRetry()
    {
        _server.Given(Request.Create().WithPath("/web/1id_/http://big.example/").UsingGet())
            .RespondWith(Response.Create().WithBody(new byte[300 * 1024]).WithHeader("Content-Type", "text/html"));
        var options = Fast(_server.Url!);
        options.MaxBodyBytes = 100 * 1024;
        using var archive = Client(options);

        var e = await Assert.ThrowsAsync<ArchiveException>(() => archive.FetchAsync("1", "http://big.example/", Ct));

        Assert.Equal(ArchiveErrorKind.TooLarge, e.Kind);
        Assert.Equal("body exceeds the 0.1 MiB limit", e.Message);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task Fetch_ManyCallers_NeverExceedTheSnapshotRate()
    {
        var sent = new RecordingHandler();
        var options = Fast("http://archive.invalid");
        options.SnapshotRequestsPerSecond = 10;
        options.MaxConcurrentRequests = 8;
        using var archive = new WaybackArchive(new HttpClient(sent), Options.Create(options));

        await Task.WhenAll(Enumerable.Range(0, 25).Select(i => archive.FetchAsync("1", $"http://site{i}.example/", Ct)));

        var times = sent.Times.Order().ToList();
        Assert.Equal(25, times.Count);
        for (int i = 0; i + 10 < times.Count; i++)
        {
            Assert.True(times[i + 10] - times[i] >= TimeSpan.FromSeconds(0.95), $"11 requests within {(times[i + 10] - times[i]).TotalSeconds:0.000} s");
        }
    }

    [Fact]
    public async Task Pywb_Collection_UsesItsLayoutAndJsonLines()
    {
        _server.Given(Request.Create().WithPath("/my-coll/cdx").UsingGet())
            .RespondWith(Response.Create().WithBody(
                """
                {"urlkey": "com,example)/", "timestamp": "20200101000000", "url": "http://example.com/", "mime": "text/html", "status": "200", "digest": "D1", "length": "100"}
                {"urlkey": "com,example)/", "timestamp": "20200102000000", "url": "http://example.com/", "mime": "text/html", "status": "404", "digest": "D2", "length": "90"}
                """));
        _server.Given(Request.Create().WithPath("/my-coll/20200101000000id_/http://example.com/").UsingGet())
            .RespondWith(Response.Create().WithBody(Html("pywb")));
        using var archive = Client(Fast(_server.Url + "/my-coll"));

        var captures = await archive.ListCapturesAsync(new CaptureQuery("example.com"), Ct).ToListAsync(Ct);
        var snapshot = await archive.FetchAsync("20200101000000", "http://example.com/", Ct);

        Assert.Equal("20200101000000", Assert.Single(captures).Timestamp);
        Assert.Equal(Html("pywb"), Encoding.UTF8.GetString(snapshot.Body));
    }

    [Fact]
    public async Task Requests_CarryADescriptiveUserAgentWithTheContact()
    {
        _server.Given(Request.Create().WithPath(new WildcardMatcher("/web/*")).UsingGet()).RespondWith(Response.Create().WithBody("x"));
        var options = Fast(_server.Url!);
        options.Contact = "research@uni.example";
        using var archive = Client(options);

        await archive.FetchAsync("1", "http://ua.example/", Ct);

        var agent = _server.LogEntries.Single().RequestMessage.Headers!["User-Agent"].Single();
        Assert.Contains("Harvester/1.0", agent);
        Assert.Contains("contact: research@uni.example", agent);
    }

    [Fact]
    public async Task Fetch_SilentServer_TimesOutAndRetries()
    {
        await using var raw = new RawHttpServer((_, i) => i == 0 ? new RawReply.Silence() : new RawReply.Full(200, Encoding.UTF8.GetBytes(Html("late"))));
        var options = Fast(raw.Url);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        using var archive = Client(options);

        var snapshot = await archive.FetchAsync("1", "http://slow.example/", Ct);

        Assert.Equal(Html("late"), Encoding.UTF8.GetString(snapshot.Body));
        Assert.Equal(2, raw.Requests);
        Assert.Equal(1, archive.Statistics[1].TransportErrors);
    }

    [Fact]
    public async Task Fetch_ConnectionReset_IsRetried()
    {
        await using var raw = new RawHttpServer((_, i) => i < 2 ? new RawReply.Reset() : new RawReply.Full(200, Encoding.UTF8.GetBytes(Html("after reset"))));
        using var archive = Client(Fast(raw.Url));

        var snapshot = await archive.FetchAsync("1", "http://reset.example/", Ct);

        Assert.Equal(Html("after reset"), Encoding.UTF8.GetString(snapshot.Body));
        Assert.Equal(3, raw.Requests);
    }

    [Fact]
    public async Task Fetch_TruncatedBody_IsRetriedAndNeverReturned()
    {
        var full = Encoding.UTF8.GetBytes(Html(new string('p', 500)));
        await using var raw = new RawHttpServer((_, i) => i == 0 ? new RawReply.Truncated(full.Length, full[..100]) : new RawReply.Full(200, full));
        using var archive = Client(Fast(raw.Url));

        var snapshot = await archive.FetchAsync("1", "http://cut.example/", Ct);

        Assert.Equal(full, snapshot.Body);
        Assert.Equal(2, raw.Requests);
    }

    [Fact]
    public async Task Fetch_AlwaysTruncated_FailsAfterTheRetries()
    {
        await using var raw = new RawHttpServer((_, _) => new RawReply.Truncated(1000, new byte[10]));
        var options = Fast(raw.Url);
        options.MaxRetries = 2;
        using var archive = Client(options);

        var e = await Assert.ThrowsAsync<ArchiveException>(() => archive.FetchAsync("1", "http://cut.example/", Ct));

        Assert.Equal(ArchiveErrorKind.Unavailable, e.Kind);
        Assert.StartsWith("snapshots unavailable for ", e.Message);
        Assert.Equal(3, raw.Requests);
    }

    [Fact]
    public void Options_Defaults_AreThePoliteOnes()
    {
        var options = new WaybackOptions();
        Assert.Equal("https://web.archive.org", options.BaseUrl);
        Assert.Equal(20, options.CdxRequestsPerMinute);
        Assert.Equal(4, options.SnapshotRequestsPerSecond);
        Assert.Equal(20 * 1024 * 1024, options.MaxBodyBytes);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void Options_BadValues_AreRejectedWithClearMessages()
    {
        var ranges = Validate(new WaybackOptions { SnapshotRequestsPerSecond = -1, CdxRequestsPerMinute = 0 });
        var rules = Validate(new WaybackOptions { BaseUrl = "ftp://x", AttemptTimeout = TimeSpan.Zero });

        Assert.Contains("The field SnapshotRequestsPerSecond must be between 0.01 and 1000.", ranges);
        Assert.Contains("The field CdxRequestsPerMinute must be between 0.01 and 6000.", ranges);
        Assert.Contains("BaseUrl 'ftp://x' is not an http(s) URL.", rules);
        Assert.Contains("AttemptTimeout must be at least 00:00:00.0100000.", rules);
    }

    private static List<string> Validate(WaybackOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    [Fact]
    public async Task Cdx_UnderInjectedFaults_EveryAttemptArrivesAtLeastTheIntervalApart_AndIsCounted()
    {
        // 15 % of answers fail: 503 and 429 (some with Retry-After), and dropped connections (the request arrives, no
        // answer comes). A dropped connection that the HTTP stack retried on its own would reach the server unpaced.
        var random = new Random(7);
        var header = """["urlkey","timestamp","original","mimetype","statuscode","digest","length"]""";
        _server.Given(Request.Create().WithPath("/cdx/search/cdx").UsingGet())
            .RespondWith(Response.Create().WithCallback(_ =>
            {
                int roll;
                lock (random) roll = random.Next(100);
                return roll switch
                {
                    < 5 => new WireMock.ResponseMessage { StatusCode = 503 },
                    < 8 => new WireMock.ResponseMessage { StatusCode = 429, Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Retry-After"] = new("0") } },
                    < 10 => new WireMock.ResponseMessage { StatusCode = 503, Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Retry-After"] = new("0") } },
                    _ => new WireMock.ResponseMessage
                    {
                        StatusCode = 200,
                        BodyData = new WireMock.Util.BodyData { BodyAsString = $"[{header}]", DetectedBodyType = WireMock.Types.BodyType.String },
                    },
                };
            }).WithFault(WireMock.ResponseBuilders.FaultType.EMPTY_RESPONSE, 0.05));
        // The mock's first answers are slow while .NET compiles its pipeline, and requests queued behind them would be
        // logged together however they were sent: warm it up and forget that request.
        using (var warmUp = new HttpClient()) await warmUp.GetAsync(_server.Url + "/cdx/search/cdx?url=warm.example", Ct);
        _server.ResetLogEntries();
        var options = Fast(_server.Url!);
        options.CdxRequestsPerMinute = 600; // one every 100 ms
        options.MaxRetries = 6;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        using var archive = Client(options);

        var queries = Enumerable.Range(0, 30).Select(i => archive.ListCapturesAsync(new CaptureQuery($"site{i}.example", 2018, 2018), Ct).ToListAsync(Ct).AsTask());
        await Task.WhenAll(queries.Select(async q =>
        {
            try
            {
                await q;
            }
            catch (ArchiveException)
            {
                // a query whose every attempt failed: its attempts still count and are still paced
            }
        }));

        var times = RequestTimes("/cdx/").ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Assert.True(times.Count >= 33, $"only {times.Count} requests: the faults were not injected");
        // A request that went out without a permit arrives within a millisecond or two of another one.
        Assert.True(gaps.Min() >= 50, $"two CDX requests arrived {gaps.Min():0.0} ms apart where 100 ms is the interval");
        // The limit as the server counts it: no second of its log holds more than 10 (the pacing's margin absorbs how
        // much later one request is handled than the next).
        var busiest = times.Zip(times.Skip(10), (a, b) => (b - a).TotalMilliseconds).DefaultIfEmpty(double.MaxValue).Min();
        Assert.True(busiest >= 1000, $"11 CDX requests arrived within {busiest:0} ms where at most 10 a second are allowed");
        Assert.Equal(times.Count, archive.Statistics[0].Requests);
    }
}
