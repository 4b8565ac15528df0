namespace Harvester.Storage;

/// <summary>A scheduled site.</summary>
public sealed class SiteRecord
{
    public string Domain { get; set; } = string.Empty;
    public int FromYear { get; set; }
    public int ToYear { get; set; }
    /// <summary>pending, done or failed.</summary>
    public string State { get; set; } = SiteStates.Pending;
    public DateTime AddedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Archive requests spent on this site so far.</summary>
    public long Requests { get; set; }
}

public static class SiteStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>A capture from a CDX lookup, kept so each URL is looked up once.</summary>
public sealed class CaptureRecord
{
    public string Id { get; set; } = string.Empty;
    public string UrlKey { get; set; } = string.Empty;
    public string Url { get; set; } = string.Empty;
    public string Timestamp { get; set; } = string.Empty;
    public int? Status { get; set; }
    public string Digest { get; set; } = string.Empty;
}

/// <summary>That the captures of a URL were looked up, for which years.</summary>
public sealed class LookupRecord
{
    public string UrlKey { get; set; } = string.Empty;
    public int FromYear { get; set; }
    public int ToYear { get; set; }
    public DateTime LookedUpAt { get; set; }
}

/// <summary>A raw snapshot payload, content-addressed by SHA-256, stored compressed once however often referenced.</summary>
public sealed class PayloadRecord
{
    public string Sha256 { get; set; } = string.Empty;
    public byte[] Compressed { get; set; } = [];
    public int Length { get; set; }
}

/// <summary>What fetching a capture with a given CDX digest gave: lets an unchanged page cost no new fetch.</summary>
public sealed class FetchedDigestRecord
{
    public string Digest { get; set; } = string.Empty;
    public string Sha256 { get; set; } = string.Empty;
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? RedirectTarget { get; set; }
}

/// <summary>What one site-interval yielded, and why when it yielded nothing.</summary>
public sealed class IntervalRecord
{
    public string Id { get; set; } = string.Empty;
    public string Site { get; set; } = string.Empty;
    public string Interval { get; set; } = string.Empty;
    /// <summary>found, no-capture, no-policy-link, outside-interval, fetch-error, extraction-error.</summary>
    public string Outcome { get; set; } = string.Empty;
    public string? Detail { get; set; }
    public string? HomeTimestamp { get; set; }
    public string? PolicyUrl { get; set; }
    public string? PolicyTimestamp { get; set; }
    public int? Version { get; set; }
    public int Requests { get; set; }
    public DateTime RecordedAt { get; set; }
}

public static class IntervalOutcomes
{
    public const string Found = "found";
    public const string NoCapture = "no-capture";
    public const string NoPolicyLink = "no-policy-link";
    public const string OutsideInterval = "outside-interval";
    public const string FetchError = "fetch-error";
    public const string ExtractionError = "extraction-error";

    public static readonly IReadOnlyList<string> All = [Found, NoCapture, NoPolicyLink, OutsideInterval, FetchError, ExtractionError];
}

/// <summary>A policy found for a site's half-year, on its way to the store, and the requests finding it cost.</summary>
public sealed record FoundPolicy(string Site, string Interval, VersionRecord Candidate, int Requests);

/// <summary>One distinct policy text of a site, with its provenance.</summary>
public sealed class VersionRecord
{
    public int Id { get; set; }
    public string Site { get; set; } = string.Empty;
    /// <summary>1, 2, 3… per site in order of first appearance.</summary>
    public int Number { get; set; }
    public string PolicyUrl { get; set; } = string.Empty;
    public string PolicyTimestamp { get; set; } = string.Empty;
    public string SnapshotUrl { get; set; } = string.Empty;
    public string HomeTimestamp { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Markdown { get; set; } = string.Empty;
    public string TextHash { get; set; } = string.Empty;
    public long SimHash { get; set; }
    /// <summary>The version number this one is nearly identical to (SimHash within a few bits), if any.</summary>
    public int? NearDuplicateOf { get; set; }
    public string ExtractorVersion { get; set; } = string.Empty;
    public string PayloadSha256 { get; set; } = string.Empty;
    /// <summary>The charset the capture's Content-Type declared, for decoding the payload again.</summary>
    public string? Charset { get; set; }
    public string FirstInterval { get; set; } = string.Empty;
    public string LastInterval { get; set; } = string.Empty;
    public List<string> Intervals { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}

/// <summary>A durable job: crawl one site.</summary>
public sealed class JobRecord
{
    public int Id { get; set; }
    public string Site { get; set; } = string.Empty;
    /// <summary>queued, leased, done, failed.</summary>
    public string State { get; set; } = JobStates.Queued;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public string? LeaseOwner { get; set; }
    public string? LastError { get; set; }
    /// <summary>A short name for the kind of the last failure (unavailable, not-found…), for grouping.</summary>
    public string? LastErrorKind { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>
    /// The queue's order, indexed: for a queued job, when it is due and then its id, both fixed width so that text order
    /// is that order; null otherwise. Leasing the next job reads one index entry, not every queued job.
    /// </summary>
    public string? DueKey { get; set; }

    internal static string DueKeyFor(DateTime due, int id) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{due.ToUniversalTime().Ticks:D19}-{id:D10}");

    /// <summary>Sets <see cref="DueKey"/> from the state, due time and id; call before every write.</summary>
    internal void RefreshDueKey() => DueKey = State == JobStates.Queued ? DueKeyFor(NextAttemptAt, Id) : null;
}

public static class JobStates
{
    public const string Queued = "queued";
    public const string Leased = "leased";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>A named point in time the worker keeps across restarts (when the last scheduled re-crawl ran).</summary>
public sealed class MarkerRecord
{
    public string Name { get; set; } = string.Empty;
    public DateTime At { get; set; }
}
