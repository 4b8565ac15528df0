using Harvester.Archive;
using Harvester.Core.Crawling;
using Harvester.Core.Extraction;
using Harvester.Core.Versioning;
using Harvester.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Crawl;

/// <summary>
/// Crawls one site as the original crawl did, for each half-year: the home page capture nearest the interval's
/// target (status 200 first, a redirect capture as fallback), the policy link on it, the policy capture nearest the
/// home page's time (kept only inside the same interval, redirects followed), extraction, and a stored version.
/// Spends the archive's budget carefully: each URL's captures are looked up once, and a capture whose digest was
/// already fetched costs no request. Intervals already recorded are skipped, so a re-run after a crash resumes.
/// </summary>
public sealed class SiteCrawler
{
    private const int MaxRedirectHops = 3;

    /// <summary>
    /// Captures are listed one a day (<c>collapse=timestamp:8</c>: the first capture of each day), so that a URL
    /// captured every hour for 25 years costs one CDX request of at most 9,500 rows, like a URL captured ten times.
    /// "Nearest" is then chosen among each day's first capture: at most a day farther from the target than the exact one (README).
    /// </summary>
    public const int CaptureTimestampDigits = 8;

    private readonly IWebArchive _archive;
    private readonly IHarvesterStore _stores;
    private readonly PolicyExtractor _extractor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SiteCrawler(IWebArchive archive, IHarvesterStore stores, PolicyExtractor extractor, TimeProvider? time = null, ILogger<SiteCrawler>? logger = null)
    {
        _archive = archive;
        _stores = stores;
        _extractor = extractor;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SiteCrawler>.Instance;
    }

    /// <exception cref="ArchiveException">The archive stayed unavailable; intervals finished so far are kept.</exception>
    public async Task<SiteCrawlResult> CrawlAsync(SiteRecord site, CancellationToken cancellationToken)
    {
        var archive = new CountingArchive(_archive);
        var memory = new SiteCrawlMemory();
        var intervals = HalfYear.Between(site.FromYear, site.ToYear, _time.GetUtcNow().UtcDateTime).ToList();
        int looked = 0, found = 0;
        var homeUrl = UrlKey.AsUrl(site.Domain);
        var recorded = _stores.Versions.Intervals(site.Domain).Select(i => i.Interval).ToHashSet(StringComparer.Ordinal);
        var pending = intervals.Where(i => !recorded.Contains(i.Label)).ToList();
        if (pending.Count == 0) return new SiteCrawlResult(site.Domain, 0, 0, 0, 0);

        var homeCaptures = new HomeCaptures(
            await CapturesAsync(archive, memory, site.Domain, homeUrl, site, pending[^1], CaptureKind.Success, cancellationToken).ConfigureAwait(false),
            () => CapturesAsync(archive, memory, site.Domain, homeUrl, site, pending[^1], CaptureKind.Redirect, cancellationToken));
        // The home page's capture for each half-year is known now: whether each was fetched before is asked in one go.
        var expectedHome = pending.Select(i => CaptureChoice.ForInterval(homeCaptures.Success, i)).OfType<CaptureCandidate>().ToList();
        memory.ExpectedHomeTimestamps = expectedHome.Select(c => c.Timestamp).ToList();
        AskFetched(memory, expectedHome);
        var results = new PendingWrites(_stores.Payloads, _stores.Versions, _time);
        try
        {
            foreach (var interval in pending)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int before = archive.Calls;
                var outcome = await CrawlIntervalAsync(archive, memory, results, site, interval, homeCaptures, () => archive.Calls - before, cancellationToken)
                    .ConfigureAwait(false);
                looked++;
                if (outcome == IntervalOutcomes.Found) found++;
                _logger.LogDebug("{Site} {Interval}: {Outcome} ({Calls} archive calls)", site.Domain, interval.Label, outcome, archive.Calls - before);
            }
        }
        catch (ArchiveException)
        {
            // What was found before the archive gave out is kept.
            results.Flush();
            throw;
        }
        catch (OperationCanceledException)
        {
            // Stopped (a shutdown, or a lease that could not be renewed): what was found is kept if the store takes it.
            try
            {
                results.Flush();
            }
            catch (StorageException e)
            {
                _logger.LogWarning("{Site}: the half-years crawled last were not stored ({Reason}); the next crawl finds them again", site.Domain, e.Message);
            }
            throw;
        }
        results.Flush();
        return new SiteCrawlResult(site.Domain, looked, found, results.NewVersions, archive.Calls);
    }

    private async Task<string> CrawlIntervalAsync(
        CountingArchive archive, SiteCrawlMemory memory, PendingWrites results, SiteRecord site, HalfYear interval, HomeCaptures homeCaptures,
        Func<int> calls, CancellationToken ct)
    {
        var label = interval.Label;
        // A status-200 capture (or revisit) nearest the target; redirect captures are listed only for a half-year without one.
        var homeChoice = CaptureChoice.ForInterval(homeCaptures.Success, interval)
            ?? CaptureChoice.ForInterval(await homeCaptures.RedirectsAsync().ConfigureAwait(false), interval);
        if (homeChoice is null)
        {
            return Empty(results, site, label, IntervalOutcomes.NoCapture, "no capture of the home page in this half-year", calls());
        }

        LoadedSnapshot home;
        try
        {
            home = await FollowAsync(archive, memory, results, site, await LoadAsync(archive, memory, results, homeChoice, ct).ConfigureAwait(false), interval, lookUpTargets: false, ct).ConfigureAwait(false);
        }
        catch (ArchiveException e) when (e.Kind is not ArchiveErrorKind.Unavailable)
        {
            return Empty(results, site, label, IntervalOutcomes.FetchError, "home page: " + e.Message, calls(), homeChoice.Timestamp);
        }

        var homeHtml = HtmlDecoder.Decode(home.Body, home.Charset).Text;
        var link = PolicyLinkFinder.Find(homeHtml, home.Url);
        if (link is null)
        {
            return Empty(results, site, label, IntervalOutcomes.NoPolicyLink, "no privacy policy link on the home page", calls(), home.Timestamp);
        }

        var policyChoice = await NearestAsync(archive, memory, site, link.Url, interval, home.Timestamp, ct).ConfigureAwait(false);
        if (policyChoice is null)
        {
            return Empty(results, site, label, IntervalOutcomes.NoCapture, $"no capture of the policy {link.Url}", calls(), home.Timestamp, link.AsFound);
        }
        if (!interval.Contains(policyChoice.Timestamp))
        {
            return Empty(results, site, label, IntervalOutcomes.OutsideInterval,
                $"nearest capture of {link.Url} is {policyChoice.Timestamp}, outside {label}", calls(), home.Timestamp, link.AsFound);
        }

        LoadedSnapshot policy;
        try
        {
            policy = await FollowAsync(archive, memory, results, site, await LoadAsync(archive, memory, results, policyChoice, ct).ConfigureAwait(false), interval, lookUpTargets: true, ct).ConfigureAwait(false);
        }
        catch (ArchiveException e) when (e.Kind is not ArchiveErrorKind.Unavailable)
        {
            return Empty(results, site, label, IntervalOutcomes.FetchError, "policy: " + e.Message, calls(), home.Timestamp, link.AsFound);
        }
        catch (OutsideIntervalException e)
        {
            return Empty(results, site, label, IntervalOutcomes.OutsideInterval, e.Message, calls(), home.Timestamp, link.AsFound);
        }

        // The fetch and the look-ups never carry a fragment; the provenance names the link as found, as the dataset does.
        var policyUrl = link.ProvenanceUrl(policy.Url);
        ExtractionResult extraction;
        try
        {
            extraction = _extractor.Extract(policy.Body, Provenance.ForCapture(site.Domain, policy.Timestamp, policyUrl), policy.Charset);
        }
        catch (ExtractionException e)
        {
            return Empty(results, site, label, IntervalOutcomes.ExtractionError, e.Message, calls(), home.Timestamp, policyUrl);
        }

        var candidate = new VersionRecord
        {
            PolicyUrl = policyUrl,
            PolicyTimestamp = policy.Timestamp,
            SnapshotUrl = extraction.Provenance.SnapshotUrl,
            HomeTimestamp = home.Timestamp,
            Title = extraction.Title,
            Markdown = extraction.Markdown,
            TextHash = PolicyText.Hash(extraction.Markdown),
            SimHash = (long)SimHash.Compute(PolicyText.Body(extraction.Markdown)),
            ExtractorVersion = PolicyExtractor.Version,
            PayloadSha256 = policy.Sha256,
            Charset = policy.Charset,
        };
        results.Record(new FoundPolicy(site.Domain, label, candidate, calls()));
        return IntervalOutcomes.Found;
    }

    private static string Empty(PendingWrites results, SiteRecord site, string label, string outcome, string detail, int calls,
        string? homeTimestamp = null, string? policyUrl = null)
    {
        results.Record(new IntervalRecord
        {
            Site = site.Domain, Interval = label, Outcome = outcome, Detail = detail, HomeTimestamp = homeTimestamp, PolicyUrl = policyUrl, Requests = calls,
        });
        return outcome;
    }

    /// <summary>
    /// The capture of <paramref name="url"/> nearest <paramref name="timestamp"/>, as the archive would serve it: among
    /// the status-200 captures and revisits, and also among the redirect captures when no such capture lies inside
    /// <paramref name="interval"/> (a moved page), so that redirects cost a CDX request only where they can matter.
    /// </summary>
    private async Task<CaptureCandidate?> NearestAsync(CountingArchive archive, SiteCrawlMemory memory, SiteRecord site, string url, HalfYear interval, string timestamp, CancellationToken ct)
    {
        var success = await CapturesAsync(archive, memory, site.Domain, url, site, interval, CaptureKind.Success, ct).ConfigureAwait(false);
        if (memory.AskedLists.Add(UrlKey.For(url)))
        {
            // A policy usually keeps its URL: its captures nearest each half-year's home page are the ones to load.
            AskFetched(memory, memory.ExpectedHomeTimestamps.Append(timestamp).Select(t => CaptureChoice.Nearest(success, t)).OfType<CaptureCandidate>());
        }
        var nearest = CaptureChoice.Nearest(success, timestamp);
        if (nearest is not null && interval.Contains(nearest.Timestamp)) return nearest;
        var redirects = await CapturesAsync(archive, memory, site.Domain, url, site, interval, CaptureKind.Redirect, ct).ConfigureAwait(false);
        return CaptureChoice.Nearest(success.Concat(redirects), timestamp);
    }

    private enum CaptureKind { Success, Redirect }

    /// <summary>
    /// The CDX query the crawl makes for a URL's captures over its years, one a day: status 200 and revisits, or (with
    /// <paramref name="redirects"/>) 301/302. <c>plan</c> asks the same, so its sample costs what the crawl's would.
    /// </summary>
    public static CaptureQuery CaptureLookup(string url, int fromYear, int toYear, bool redirects) => new(url, fromYear, toYear)
    {
        Statuses = redirects ? [301, 302] : [200],
        IncludeRevisits = !redirects,
        CollapseTimestampDigits = CaptureTimestampDigits,
    };

    /// <summary>The home page's status-200 captures, and its redirect captures listed on first need.</summary>
    private sealed class HomeCaptures(IReadOnlyList<CaptureCandidate> success, Func<Task<IReadOnlyList<CaptureCandidate>>> listRedirects)
    {
        private IReadOnlyList<CaptureCandidate>? _redirects;

        public IReadOnlyList<CaptureCandidate> Success => success;

        public async Task<IReadOnlyList<CaptureCandidate>> RedirectsAsync() => _redirects ??= await listRedirects().ConfigureAwait(false);
    }

    /// <summary>
    /// The captures of <paramref name="url"/> of one kind over the site's years, one a day, from the store or (once) from
    /// the archive; looked up again only when the stored lookup was made before <paramref name="latest"/> ended (a
    /// scheduled re-crawl). Status-200 captures and revisits are one query, redirect captures another: a day's first
    /// capture of either kind is kept even where the other kind came first that day (http to https redirects).
    /// </summary>
    private async Task<IReadOnlyList<CaptureCandidate>> CapturesAsync(
        CountingArchive archive, SiteCrawlMemory memory, string site, string url, SiteRecord range, HalfYear latest, CaptureKind kind, CancellationToken ct)
    {
        var key = UrlKey.For(url);
        var lookupKey = kind == CaptureKind.Success ? key : key + " redirects";
        if (memory.CaptureLists.TryGetValue(lookupKey, out var read)) return read;
        var stored = _stores.Captures.ForLookup(key, lookupKey, range.FromYear, range.ToYear, latest.End);
        if (stored is null)
        {
            var query = CaptureLookup(url, range.FromYear, range.ToYear, redirects: kind == CaptureKind.Redirect);
            var found = new List<CaptureRecord>();
            await foreach (var c in archive.ListCapturesAsync(query, ct).ConfigureAwait(false))
            {
                found.Add(new CaptureRecord { Url = c.OriginalUrl, Timestamp = c.Timestamp, Status = c.StatusCode, Digest = c.Digest });
            }
            stored = _stores.Captures.Save(key, lookupKey, range.FromYear, range.ToYear, found);
            _logger.LogDebug("{Site}: {Count} {Kind} captures of {Url}", site, found.Count, kind, url);
        }
        bool isRedirect(int? status) => status is 301 or 302;
        var list = stored
            .Where(c => isRedirect(c.Status) == (kind == CaptureKind.Redirect))
            .Select(c => new CaptureCandidate(c.Timestamp, c.Url, c.Status, c.Digest)).ToList();
        memory.CaptureLists[lookupKey] = list;
        return list;
    }

    /// <summary>
    /// The capture's payload: from this crawl's memory, its writes not stored yet or the store when its digest was
    /// fetched before, else from the archive.
    /// </summary>
    private async Task<LoadedSnapshot> LoadAsync(CountingArchive archive, SiteCrawlMemory memory, PendingWrites writes, CaptureCandidate capture, CancellationToken ct)
    {
        if (memory.TryGetPayload(capture.Digest, out var remembered, out var body)) return Loaded(capture, remembered, body);
        if (writes.TryGetPayload(capture.Digest, out var waiting, out var waitingBody)) return Loaded(capture, waiting, waitingBody);
        var known = memory.TryGetChecked(capture.Digest, out var asked) ? asked : _stores.Payloads.FindFetched(capture.Digest);
        if (known is not null)
        {
            var stored = _stores.Payloads.Get(known.Sha256);
            memory.RememberPayload(known, stored);
            return Loaded(capture, known, stored);
        }
        var snapshot = await archive.FetchAsync(capture.Timestamp, capture.Url, ct).ConfigureAwait(false);
        // Remembered only when the archive served the capture asked for (not a neighbour of it).
        var fetched = snapshot.Timestamp != capture.Timestamp ? null : new FetchedDigestRecord
        {
            Digest = capture.Digest, StatusCode = snapshot.StatusCode, ContentType = snapshot.ContentType, RedirectTarget = snapshot.RedirectTarget,
        };
        var sha = writes.Payload(snapshot.Body, fetched);
        if (fetched is not null) memory.RememberPayload(fetched, snapshot.Body);
        return new LoadedSnapshot(snapshot.Timestamp, snapshot.OriginalUrl, snapshot.StatusCode, snapshot.ContentType, snapshot.RedirectTarget, snapshot.Body, sha);
    }

    /// <summary>Asks the store, in one go, which of <paramref name="captures"/>' digests were fetched before, and remembers the answer.</summary>
    private void AskFetched(SiteCrawlMemory memory, IEnumerable<CaptureCandidate> captures)
    {
        var digests = memory.Unasked(captures.Select(c => c.Digest));
        if (digests.Count > 0) memory.Checked(digests, _stores.Payloads.FindFetched(digests));
    }

    private static LoadedSnapshot Loaded(CaptureCandidate capture, FetchedDigestRecord fetched, byte[] body) =>
        new(capture.Timestamp, capture.Url, fetched.StatusCode, fetched.ContentType, fetched.RedirectTarget, body, fetched.Sha256);

    /// <summary>Follows redirect captures to their target (nearest capture of the target, inside the interval when asked).</summary>
    private async Task<LoadedSnapshot> FollowAsync(CountingArchive archive, SiteCrawlMemory memory, PendingWrites writes, SiteRecord site, LoadedSnapshot snapshot, HalfYear interval, bool lookUpTargets, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { UrlKey.For(snapshot.Url) };
        for (int hop = 0; snapshot.RedirectTarget is { } target; hop++)
        {
            if (hop >= MaxRedirectHops || !seen.Add(UrlKey.For(target)))
            {
                throw new ArchiveException(ArchiveErrorKind.TooManyRedirects, $"redirect chain from {snapshot.Url} loops or is longer than {MaxRedirectHops}");
            }
            if (lookUpTargets)
            {
                var next = await NearestAsync(archive, memory, site, target, interval, snapshot.Timestamp, ct).ConfigureAwait(false)
                    ?? throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture of the redirect target {target}");
                if (!interval.Contains(next.Timestamp))
                {
                    throw new OutsideIntervalException($"nearest capture of the redirect target {target} is {next.Timestamp}, outside {interval.Label}");
                }
                snapshot = await LoadAsync(archive, memory, writes, next, ct).ConfigureAwait(false);
            }
            else
            {
                var fetched = await archive.FetchAsync(snapshot.Timestamp, target, ct).ConfigureAwait(false);
                snapshot = new LoadedSnapshot(fetched.Timestamp, fetched.OriginalUrl, fetched.StatusCode, fetched.ContentType, fetched.RedirectTarget,
                    fetched.Body, writes.Payload(fetched.Body, null));
            }
        }
        return snapshot;
    }

    private sealed class OutsideIntervalException(string message) : Exception(message);
}
