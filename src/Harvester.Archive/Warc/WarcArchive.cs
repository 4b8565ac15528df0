using System.Runtime.CompilerServices;
using Harvester.Core.Crawling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Archive.Warc;

/// <summary>
/// A local web archive: a folder of WARC files with a CDXJ index (built on first use when missing or stale).
/// Answers like the Wayback Machine: the capture nearest a timestamp, revisits resolved to their original payload,
/// redirect captures reported as redirects.
/// </summary>
public sealed class WarcArchive : IWebArchive
{
    private readonly string _folder;
    private readonly long _maxBodyBytes;
    private readonly ILogger _logger;
    private readonly Lock _indexGate = new();
    private CdxjIndex? _index;

    public WarcArchive(string folder, long maxBodyBytes = 20 * 1024 * 1024, ILogger<WarcArchive>? logger = null)
    {
        if (!Directory.Exists(folder)) throw new ArchiveException(ArchiveErrorKind.NotFound, $"{folder}: no such folder");
        _folder = Path.GetFullPath(folder);
        _maxBodyBytes = maxBodyBytes;
        _logger = logger ?? NullLogger<WarcArchive>.Instance;
    }

    public string Location => _folder;

    /// <summary>
    /// The index, loaded or built on first use, once however many callers ask at a time. A failure is not remembered:
    /// the next caller tries again (unlike a <see cref="Lazy{T}"/>, which would fail every later call the same way).
    /// </summary>
    public CdxjIndex Index
    {
        get
        {
            if (Volatile.Read(ref _index) is { } index) return index;
            lock (_indexGate) return _index ??= LoadOrBuild();
        }
    }

    private CdxjIndex LoadOrBuild()
    {
        if (!CdxjIndex.IsStale(_folder)) return CdxjIndex.Load(Path.Combine(_folder, CdxjIndex.FileName));
        _logger.LogInformation("Indexing WARC files in {Folder}", _folder);
        var (index, errors) = CdxjIndex.Build(_folder);
        foreach (var error in errors) _logger.LogWarning("{File} at offset {Offset}: {Reason}; record skipped", error.File, error.Offset, error.Reason);
        return index;
    }

    public async IAsyncEnumerable<Capture> ListCapturesAsync(CaptureQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var capture in query.Apply(Index.Lookup(UrlKey.For(UrlKey.AsUrl(query.Url))).Select(e => e.ToCapture())))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return capture;
        }
    }

    public Task<Snapshot> FetchAsync(string timestamp, string url, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = Index.Lookup(UrlKey.For(url));
        if (entries.Count == 0) throw new ArchiveException(ArchiveErrorKind.NotFound, $"no capture of {url} in {_folder}");
        var entry = Nearest(entries, timestamp);
        return Task.Run(() => Read(entry), cancellationToken);
    }

    private Snapshot Read(CdxjEntry entry)
    {
        var record = ReadRecord(entry);
        HttpPayload payload;
        try
        {
            payload = HttpPayload.Parse(record.Block, _maxBodyBytes);
            if (record.Type == "revisit")
            {
                var original = ResolveRevisit(entry, record);
                var originalPayload = HttpPayload.Parse(ReadRecord(original).Block, _maxBodyBytes);
                payload = payload with { Body = originalPayload.Body, Headers = payload.Headers.Count > 0 ? payload.Headers : originalPayload.Headers };
            }
        }
        catch (WarcFormatException e)
        {
            throw new ArchiveException(ArchiveErrorKind.Corrupt, $"{entry.Filename} at offset {entry.Offset}: {e.Message}", e);
        }

        string? redirect = null;
        if (payload.Status is >= 300 and < 400 && payload.Headers.TryGetValue("Location", out var location) &&
            Uri.TryCreate(new Uri(entry.Url), location, out var target))
        {
            redirect = target.AbsoluteUri;
        }
        payload.Headers.TryGetValue("Content-Type", out var contentType);
        return new Snapshot(entry.Timestamp, entry.Url, payload.Status, contentType, payload.Headers, payload.Body, redirect);
    }

    private WarcRecord ReadRecord(CdxjEntry entry)
    {
        var path = Path.Combine(_folder, entry.Filename);
        try
        {
            return WarcFileReader.ReadAt(path, entry.Offset, _maxBodyBytes + 64 * 1024);
        }
        catch (Exception e) when (e is WarcFormatException or IOException)
        {
            throw new ArchiveException(ArchiveErrorKind.Corrupt, $"{entry.Filename} at offset {entry.Offset}: {e.Message}", e);
        }
    }

    private CdxjEntry ResolveRevisit(CdxjEntry revisit, WarcRecord record)
    {
        var digest = record["WARC-Payload-Digest"] ?? revisit.Digest;
        var candidates = Index.WithDigest(digest);
        var sameUrl = candidates.Where(c => c.Key == revisit.Key && string.CompareOrdinal(c.Timestamp, revisit.Timestamp) <= 0).ToList();
        var original = sameUrl.LastOrDefault() ?? candidates.FirstOrDefault();
        return original ?? throw new ArchiveException(ArchiveErrorKind.Corrupt, $"revisit of {revisit.Url} at {revisit.Timestamp} refers to a payload ({digest}) that is not in the archive");
    }

    /// <summary>The entry nearest <paramref name="timestamp"/>; on a tie, the earlier.</summary>
    private static CdxjEntry Nearest(IReadOnlyList<CdxjEntry> entries, string timestamp)
    {
        var wanted = ToTime(timestamp);
        CdxjEntry best = entries[0];
        double bestDistance = double.MaxValue;
        foreach (var entry in entries)
        {
            double distance = Math.Abs((ToTime(entry.Timestamp) - wanted).TotalSeconds);
            if (distance < bestDistance)
            {
                best = entry;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static DateTime ToTime(string timestamp)
    {
        try
        {
            return Timestamps.Parse(timestamp);
        }
        catch (FormatException e)
        {
            throw new ArchiveException(ArchiveErrorKind.Refused, e.Message, e);
        }
    }
}
