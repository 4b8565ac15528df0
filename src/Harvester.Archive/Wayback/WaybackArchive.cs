using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Harvester.Archive.Wayback;

/// <summary>
/// The live Wayback Machine (or a pywb instance) over HTTP: CDX queries and <c>id_</c> snapshots, each through its
/// own rate-limited, retrying, circuit-breaking endpoint. Thread-safe; share one instance so that every caller
/// shares the limits.
/// </summary>
public sealed class WaybackArchive : IWebArchive, IDisposable
{
    public const string HttpClientName = "wayback";

    private readonly WaybackOptions _options;
    private readonly WaybackLayout _layout;
    private readonly ArchiveEndpoint _cdx;
    private readonly ArchiveEndpoint _snapshots;
    private readonly ILogger _logger;

    /// <param name="shared">The rate group's budget, when other processes share this one's address; null: this process's own limits only.</param>
    public WaybackArchive(HttpClient http, IOptions<WaybackOptions> options, TimeProvider? time = null, ILogger<WaybackArchive>? logger = null,
        ISharedRateBudget? shared = null)
    {
        _options = options.Value;
        _layout = new WaybackLayout(_options.BaseUrl);
        _logger = logger ?? NullLogger<WaybackArchive>.Instance;
        time ??= TimeProvider.System;
        _cdx = new ArchiveEndpoint("cdx", _options.CdxRequestsPerMinute / 60.0, http, _options, time, _logger, oneRequestPerConnection: true, shared: shared);
        _snapshots = new ArchiveEndpoint("snapshots", _options.SnapshotRequestsPerSecond, http, _options, time, _logger, shared: shared);
    }

    /// <summary>A client with its own HTTP handler (for the command line; the worker uses IHttpClientFactory).</summary>
    public static WaybackArchive Create(WaybackOptions options, ILogger<WaybackArchive>? logger = null, ISharedRateBudget? shared = null) =>
        new(new HttpClient(CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan }, Options.Create(options), TimeProvider.System, logger, shared);

    /// <summary>The handler every Wayback client uses: no automatic redirects (they are part of the protocol), decompression on.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
    };

    public string Location => _options.BaseUrl;

    public IReadOnlyList<EndpointStatistics> Statistics => [_cdx.Statistics, _snapshots.Statistics];

    public async IAsyncEnumerable<Capture> ListCapturesAsync(CaptureQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? resumeKey = null;
        int pages = 0;
        var filter = query.NewFilter();
        do
        {
            var uri = new Uri(CdxUri(query, resumeKey));
            var response = await _cdx.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404) yield break;
            EnsureSuccess(response, "CDX query for " + query.Url);
            var page = CdxResponseParser.Parse(response.Body);
            // The server collapses already; filtering again also covers servers that ignore a parameter (pywb), and
            // one filter for all pages carries the collapse across them.
            foreach (var capture in page.Captures.Where(filter.Keeps)) yield return capture;
            resumeKey = page.ResumeKey;
            if (++pages > 10_000) throw new ArchiveException(ArchiveErrorKind.Corrupt, $"CDX paging for {query.Url} does not end");
        }
        while (!string.IsNullOrEmpty(resumeKey));
    }

    private string CdxUri(CaptureQuery query, string? resumeKey)
    {
        var parameters = new List<string> { "url=" + Uri.EscapeDataString(query.Url), "output=json" };
        if (query.FromYear is { } from) parameters.Add("from=" + from.ToString(CultureInfo.InvariantCulture));
        if (query.ToYear is { } to) parameters.Add("to=" + to.ToString(CultureInfo.InvariantCulture));
        if (!_layout.IsPywb)
        {
            var statuses = string.Join("|", query.Statuses.Select(s => s.ToString(CultureInfo.InvariantCulture)));
            parameters.Add("filter=" + Uri.EscapeDataString("statuscode:" + statuses + (query.IncludeRevisits ? "|-" : string.Empty)));
            if (query.CollapseTimestampDigits is { } digits) parameters.Add("collapse=timestamp:" + digits.ToString(CultureInfo.InvariantCulture));
            parameters.Add("fl=timestamp,original,mimetype,statuscode,digest,length");
            parameters.Add("showResumeKey=true");
            // A collapsed query has a known bound: ask for all of it at once, so that it costs one request.
            int limit = Math.Min(WaybackConstants.CdxMaxRowsPerQuery, Math.Max(_options.CdxPageSize, query.MaxRows ?? 0));
            parameters.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
            if (resumeKey is not null) parameters.Add("resumeKey=" + Uri.EscapeDataString(resumeKey));
        }
        return _layout.CdxEndpoint + "?" + string.Join("&", parameters);
    }

    public async Task<Snapshot> FetchAsync(string timestamp, string url, CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var address = _layout.Snapshot(timestamp, url);
        for (int redirects = 0; ; redirects++)
        {
            if (!visited.Add(address)) throw new ArchiveException(ArchiveErrorKind.TooManyRedirects, $"redirect loop at {address}");
            if (redirects > _options.MaxRedirects) throw new ArchiveException(ArchiveErrorKind.TooManyRedirects, $"more than {_options.MaxRedirects} redirects fetching {url} at {timestamp}");

            var response = await _snapshots.GetAsync(new Uri(address), cancellationToken).ConfigureAwait(false);
            int status = response.StatusCode;
            if (status == 404) throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture of {url} near {timestamp}");
            if (status is >= 300 and < 400 && response.Header("Location") is { } location)
            {
                var target = new Uri(new Uri(address), location).AbsoluteUri;
                if (IsMemento(response))
                {
                    // The capture itself is a redirect: report it, with its target on the original site.
                    var served = _layout.TryParse(address, out var ts, out var original) ? (ts, original) : (timestamp, url);
                    var targetUrl = _layout.TryParse(target, out _, out var targetOriginal) ? targetOriginal : target;
                    return new Snapshot(served.Item1, served.Item2, status, response.Header("Content-Type"), OriginalHeaders(response), response.Body, targetUrl);
                }
                address = target; // the archive's redirect to the nearest capture
                continue;
            }
            EnsureSuccess(response, $"snapshot of {url} at {timestamp}");
            var (servedTimestamp, servedUrl) = _layout.TryParse(address, out var t, out var u) ? (t, u) : (timestamp, url);
            var originalHeaders = OriginalHeaders(response);
            var contentType = originalHeaders.TryGetValue("Content-Type", out var ct) ? ct : response.Header("Content-Type");
            return new Snapshot(servedTimestamp, servedUrl, 200, contentType, originalHeaders, response.Body, null);
        }
    }

    /// <summary>A response that is a capture (it carries Memento-Datetime or original headers), not the archive's own redirect.</summary>
    private static bool IsMemento(ArchiveResponse response) =>
        response.Headers.ContainsKey("Memento-Datetime") || response.Headers.Keys.Any(k => k.StartsWith("X-Archive-Orig-", StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, string> OriginalHeaders(ArchiveResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in response.Headers)
        {
            if (name.StartsWith("X-Archive-Orig-", StringComparison.OrdinalIgnoreCase)) headers[name["X-Archive-Orig-".Length..]] = value;
        }
        return headers;
    }

    private static void EnsureSuccess(ArchiveResponse response, string what)
    {
        int status = response.StatusCode;
        if (status is >= 200 and < 300) return;
        if (response.IsTransientFailure) throw new ArchiveException(ArchiveErrorKind.Unavailable, $"{what}: the archive still answers {status} after every retry");
        throw new ArchiveException(ArchiveErrorKind.Refused, $"{what}: the archive answered {status}");
    }

    public void Dispose()
    {
        _cdx.Dispose();
        _snapshots.Dispose();
    }
}
