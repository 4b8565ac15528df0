using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harvester.Archive;
using static Harvester.Tests.Support.FakeWaybackResponses;
using Harvester.Archive.Warc;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Harvester.Tests.Support;

/// <summary>
/// WireMock.Net playing the Wayback Machine over a local WARC archive: CDX JSON (field-name row first), <c>id_</c>
/// snapshots with the archive's 302 to the nearest capture, redirect captures as 3xx mementos, original headers
/// as <c>X-Archive-Orig-*</c>.
/// </summary>
internal sealed partial class WaybackFromWarc : IDisposable
{
    private readonly WarcArchive _archive;
    private readonly WireMockServer _server = WireMockServer.Start();

    private readonly Random _random = new(11);
    private readonly double _faultRate;
    private int _faults;

    /// <param name="faultRate">Share of requests answered with a fault instead: 503, or (one in four) 429 with Retry-After 1.</param>
    /// <param name="latency">Delay before every answer.</param>
    public WaybackFromWarc(string warcFolder, double faultRate = 0, TimeSpan? latency = null)
    {
        _archive = new WarcArchive(warcFolder);
        _faultRate = faultRate;
        IResponseBuilder Delayed(IResponseBuilder response) => latency is { } delay && delay > TimeSpan.Zero ? response.WithDelay(delay) : response;
        _server.Given(Request.Create().WithPath("/cdx/search/cdx").UsingGet()).RespondWith(Delayed(Response.Create().WithCallback(r => Fault() ?? Cdx(r))));
        _server.Given(Request.Create().WithPath(new WildcardMatcher("/web/*")).UsingGet()).RespondWith(Delayed(Response.Create().WithCallback(r => Fault() ?? Snapshot(r))));
        _server.Given(Request.Create().WithPath("/").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("Wayback"));
    }

    /// <summary>Faults served so far.</summary>
    public int Faults => Volatile.Read(ref _faults);

    private ResponseMessage? Fault()
    {
        if (_faultRate <= 0) return null;
        double roll;
        lock (_random) roll = _random.NextDouble();
        if (roll >= _faultRate) return null;
        int n = Interlocked.Increment(ref _faults);
        if (n % 4 != 0) return Text(503, "busy", "text/plain");
        var limited = Text(429, "slow down", "text/plain");
        limited.AddHeader("Retry-After", "1");
        return limited;
    }

    public string Url => _server.Url!;

    public int Requests => _server.LogEntries.Count();

    /// <summary>When each request arrived, by endpoint ("cdx" or "snapshots"), in the server's own log.</summary>
    public IReadOnlyList<(string Endpoint, DateTime At)> Arrivals() => _server.LogEntries
        .Where(e => e.RequestMessage.Path != "/")
        .Select(e => (e.RequestMessage.Path.StartsWith("/cdx", StringComparison.Ordinal) ? "cdx" : "snapshots", e.RequestMessage.DateTime))
        .OrderBy(e => e.DateTime).ToList();

    private ResponseMessage Cdx(IRequestMessage request)
    {
        string Param(string name) => request.Query is { } q && q.TryGetValue(name, out var v) ? v.First() : string.Empty;
        int? Year(string name) => int.TryParse(Param(name), NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
        var captures = _archive.ListCapturesAsync(new CaptureQuery(Param("url"), Year("from"), Year("to")), CancellationToken.None)
            .ToListAsync().AsTask().GetAwaiter().GetResult();
        var rows = new List<string[]> { new[] { "urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length" } };
        rows.AddRange(captures.Select(c => new[]
        {
            UrlKey.For(c.OriginalUrl), c.Timestamp, c.OriginalUrl, c.MimeType, c.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-", c.Digest,
            c.Length?.ToString(CultureInfo.InvariantCulture) ?? "-",
        }));
        return Text(200, JsonSerializer.Serialize(rows), "application/json");
    }

    private ResponseMessage Snapshot(IRequestMessage request)
    {
        var m = SnapshotPath().Match(request.Path);
        if (!m.Success) return Text(400, "bad snapshot path", "text/plain");
        var (timestamp, url) = (m.Groups[1].Value, m.Groups[2].Value);
        Snapshot snapshot;
        try
        {
            snapshot = _archive.FetchAsync(timestamp, url, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (ArchiveException)
        {
            return Text(404, "not in archive", "text/plain");
        }
        if (snapshot.Timestamp != timestamp)
        {
            var nearest = new ResponseMessage { StatusCode = 302 };
            nearest.AddHeader("Location", $"/web/{snapshot.Timestamp}id_/{snapshot.OriginalUrl}");
            return nearest;
        }
        var response = new ResponseMessage
        {
            StatusCode = snapshot.StatusCode,
            BodyData = new BodyData { BodyAsBytes = snapshot.Body, DetectedBodyType = BodyType.Bytes },
        };
        response.AddHeader("Memento-Datetime", DateTime.ParseExact(snapshot.Timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
        foreach (var (name, value) in snapshot.Headers) response.AddHeader("X-Archive-Orig-" + name, value);
        if (snapshot.ContentType is { } type) response.AddHeader("Content-Type", type);
        if (snapshot.RedirectTarget is { } target) response.AddHeader("Location", $"/web/{snapshot.Timestamp}id_/{target}");
        return response;
    }

    public void Dispose() => _server.Stop();
}
