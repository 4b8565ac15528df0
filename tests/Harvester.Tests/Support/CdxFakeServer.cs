using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harvester.Archive;
using static Harvester.Tests.Support.FakeWaybackResponses;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Harvester.Tests.Support;

/// <summary>One capture held by <see cref="CdxFakeServer"/>; its body is made when it is served.</summary>
internal sealed record FakeCapture(string Timestamp, string Original, int Status, string Digest, Func<byte[]> Body, string? RedirectTo = null);

/// <summary>
/// WireMock.Net playing the Wayback Machine with the CDX server's documented semantics (its README), over captures
/// generated in memory (a popular site's hundreds of thousands of rows are made, not committed): <c>from</c>/<c>to</c>
/// as inclusive 1-14 digit bounds, <c>filter=[!]field:regex</c>, <c>collapse=field[:N]</c> on adjacent rows after
/// filtering, <c>limit=N</c> and <c>limit=-N</c>, <c>fl=</c>, a cap of 150,000 rows a query, and resume keys.
/// Snapshots at <c>/web/TSid_/URL</c> answer the nearest capture (302 to it when the timestamp differs). Every
/// request is counted by endpoint, as the archive's own log would.
/// </summary>
internal sealed partial class CdxFakeServer : IDisposable
{
    public const int MaxRowsPerQuery = 150_000;

    private static readonly string[] AllFields = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"];

    private readonly Dictionary<string, List<FakeCapture>> _byKey = new(StringComparer.Ordinal);
    private readonly WireMockServer _server = WireMockServer.Start();
    private int _cdxRequests, _snapshotRequests;

    private readonly bool _honourCollapse;

    /// <param name="captures">What the archive holds.</param>
    /// <param name="honourCollapse">False plays a server that ignores <c>collapse</c>, listing every capture: the exact baseline.</param>
    public CdxFakeServer(IEnumerable<FakeCapture> captures, bool honourCollapse = true)
    {
        _honourCollapse = honourCollapse;
        foreach (var capture in captures)
        {
            var key = UrlKey.For(capture.Original);
            if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
            list.Add(capture);
        }
        foreach (var list in _byKey.Values) list.Sort((a, b) => string.CompareOrdinal(a.Timestamp, b.Timestamp));
        _server.Given(Request.Create().WithPath("/cdx/search/cdx").UsingGet()).RespondWith(Response.Create().WithCallback(Cdx));
        _server.Given(Request.Create().WithPath(new WildcardMatcher("/web/*")).UsingGet()).RespondWith(Response.Create().WithCallback(Snapshot));
        _server.Given(Request.Create().WithPath("/").UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody("Wayback"));
    }

    public string Url => _server.Url!;

    public int CdxRequests => Volatile.Read(ref _cdxRequests);

    public int SnapshotRequests => Volatile.Read(ref _snapshotRequests);

    /// <summary>Rows held for a URL, for tests that state the scale.</summary>
    public int CaptureCount(string url) => _byKey.TryGetValue(UrlKey.For(UrlKey.AsUrl(url)), out var list) ? list.Count : 0;

    private ResponseMessage Cdx(IRequestMessage request)
    {
        Interlocked.Increment(ref _cdxRequests);
        IReadOnlyList<string> Params(string name) => request.Query is { } q && q.TryGetValue(name, out var v) ? v.ToList() : [];
        string? Param(string name) => Params(name).FirstOrDefault();

        var url = Param("url");
        if (string.IsNullOrEmpty(url)) return Text(400, "url is required", "text/plain");
        var rows = _byKey.TryGetValue(UrlKey.For(UrlKey.AsUrl(url)), out var list) ? list : [];
        IEnumerable<FakeCapture> selected = rows;

        if (Param("from") is { Length: > 0 } from) selected = selected.Where(c => string.CompareOrdinal(c.Timestamp, LowerBound(from)) >= 0);
        if (Param("to") is { Length: > 0 } to) selected = selected.Where(c => string.CompareOrdinal(c.Timestamp, UpperBound(to)) <= 0);
        foreach (var filter in Params("filter"))
        {
            bool invert = filter.StartsWith('!');
            var body = invert ? filter[1..] : filter;
            int colon = body.IndexOf(':');
            var field = body[..colon];
            var regex = new Regex("^(?:" + body[(colon + 1)..] + ")$");
            selected = selected.Where(c => regex.IsMatch(Field(c, field)) != invert);
        }
        foreach (var collapse in _honourCollapse ? Params("collapse") : [])
        {
            var parts = collapse.Split(':');
            int? digits = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : null;
            selected = Collapse(selected, parts[0], digits);
        }

        var all = selected.ToList();
        int start = 0;
        if (Param("resumeKey") is { Length: > 0 } resume)
        {
            var after = Encoding.UTF8.GetString(Convert.FromBase64String(resume));
            start = all.FindIndex(c => string.CompareOrdinal(c.Timestamp, after) > 0);
            if (start < 0) start = all.Count;
        }
        int limit = Param("limit") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : MaxRowsPerQuery;
        List<FakeCapture> page;
        string? nextKey = null;
        if (limit < 0)
        {
            page = all.Skip(Math.Max(start, all.Count + limit)).ToList();
        }
        else
        {
            int take = Math.Min(limit, MaxRowsPerQuery);
            page = all.Skip(start).Take(take).ToList();
            if (start + page.Count < all.Count && Param("showResumeKey") == "true")
            {
                nextKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Timestamp));
            }
        }

        // WireMock splits query values at commas: fl's list comes back as several values.
        var fields = Params("fl") is { Count: > 0 } fl ? fl.SelectMany(f => f.Split(',')).ToArray() : AllFields;
        var json = new StringBuilder("[");
        json.Append(JsonSerializer.Serialize(fields));
        foreach (var c in page) json.Append(",\n").Append(JsonSerializer.Serialize(fields.Select(f => Field(c, f))));
        if (nextKey is not null) json.Append(",\n[],\n").Append(JsonSerializer.Serialize(new[] { nextKey }));
        json.Append(']');
        return Text(200, json.ToString(), "application/json");
    }

    private static IEnumerable<FakeCapture> Collapse(IEnumerable<FakeCapture> captures, string field, int? digits)
    {
        string? previous = null;
        foreach (var c in captures)
        {
            var value = Field(c, field);
            if (digits is { } n && value.Length > n) value = value[..n];
            if (value == previous) continue;
            previous = value;
            yield return c;
        }
    }

    private static string Field(FakeCapture c, string field) => field switch
    {
        "urlkey" => UrlKey.For(c.Original),
        "timestamp" => c.Timestamp,
        "original" => c.Original,
        "mimetype" => "text/html",
        "statuscode" => c.Status.ToString(CultureInfo.InvariantCulture),
        "digest" => c.Digest,
        "length" => "1000",
        _ => throw new ArgumentException("unknown CDX field " + field),
    };

    /// <summary>A 1-14 digit bound, padded to the first second it covers.</summary>
    private static string LowerBound(string bound) => bound.PadRight(14, '0');

    /// <summary>A 1-14 digit bound, padded to the last second it covers (inclusive).</summary>
    private static string UpperBound(string bound) => bound + "99991231235959"[bound.Length..];

    private ResponseMessage Snapshot(IRequestMessage request)
    {
        Interlocked.Increment(ref _snapshotRequests);
        var m = SnapshotPath().Match(request.Path);
        if (!m.Success) return Text(400, "bad snapshot path", "text/plain");
        var (timestamp, url) = (m.Groups[1].Value.PadRight(14, '0'), m.Groups[2].Value);
        if (!_byKey.TryGetValue(UrlKey.For(url), out var list) || list.Count == 0) return Text(404, "not in archive", "text/plain");

        var target = Timestamps(timestamp);
        var nearest = list.MinBy(c => Math.Abs((Timestamps(c.Timestamp) - target).TotalSeconds))!;
        if (nearest.Timestamp != timestamp || !SameUrl(nearest.Original, url))
        {
            var redirect = new ResponseMessage { StatusCode = 302 };
            redirect.AddHeader("Location", $"/web/{nearest.Timestamp}id_/{nearest.Original}");
            return redirect;
        }
        var response = new ResponseMessage
        {
            StatusCode = nearest.Status,
            BodyData = new BodyData { BodyAsBytes = nearest.Body(), DetectedBodyType = BodyType.Bytes },
        };
        response.AddHeader("Memento-Datetime", Timestamps(nearest.Timestamp).ToString("R", CultureInfo.InvariantCulture));
        response.AddHeader("X-Archive-Orig-Content-Type", "text/html; charset=utf-8");
        response.AddHeader("Content-Type", "text/html; charset=utf-8");
        if (nearest.RedirectTo is { } to) response.AddHeader("Location", $"/web/{nearest.Timestamp}id_/{to}");
        return response;
    }

    private static bool SameUrl(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static DateTime Timestamps(string timestamp) =>
        DateTime.ParseExact(timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public void Dispose() => _server.Stop();
}
