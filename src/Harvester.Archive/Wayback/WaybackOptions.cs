using System.ComponentModel.DataAnnotations;

namespace Harvester.Archive.Wayback;

/// <summary>
/// How Harvester talks to the Wayback Machine (or a pywb instance). Bound from the <c>Wayback</c> configuration
/// section (<c>HARVESTER__Wayback__SnapshotRequestsPerSecond=2</c>) and validated at start-up.
/// </summary>
public sealed class WaybackOptions : IValidatableObject
{
    public const string Section = "Wayback";

    /// <summary>The archive: <c>https://web.archive.org</c> (default), or a pywb collection such as <c>http://host:8080/my-coll</c>.</summary>
    [Required]
    public string BaseUrl { get; set; } = WaybackConstants.DefaultBaseUrl;

    /// <summary>CDX queries per minute. Default 20 (the CDX endpoint blocks clients above about 24).</summary>
    [Range(0.01, 6000)]
    public double CdxRequestsPerMinute { get; set; } = WaybackConstants.CdxRequestsPerMinute;

    /// <summary>Snapshot requests per second. Default 4.</summary>
    [Range(0.01, 1000)]
    public double SnapshotRequestsPerSecond { get; set; } = WaybackConstants.SnapshotRequestsPerSecond;

    /// <summary>Requests in flight per endpoint. Default 4.</summary>
    [Range(1, 256)]
    public int MaxConcurrentRequests { get; set; } = WaybackConstants.MaxConcurrentRequests;

    /// <summary>Retries after the first attempt (429, 5xx, timeouts, resets, truncated bodies). Default 6.</summary>
    [Range(0, 100)]
    public int MaxRetries { get; set; } = WaybackConstants.MaxRetries;

    /// <summary>First retry delay; doubles each retry, with jitter. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = WaybackConstants.RetryBaseDelay;

    /// <summary>Longest delay between retries (a longer Retry-After still wins). Default 2 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = WaybackConstants.MaxRetryDelay;

    /// <summary>Time for one attempt, body included. Default 60 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = WaybackConstants.AttemptTimeout;

    /// <summary>Time for a request with all its retries and waits. Default 15 min.</summary>
    public TimeSpan OverallTimeout { get; set; } = WaybackConstants.OverallTimeout;

    /// <summary>Largest body accepted, after decompression. Default 20 MiB.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = WaybackConstants.MaxBodyBytes;

    /// <summary>Redirects followed for one snapshot. Default 10.</summary>
    [Range(0, 50)]
    public int MaxRedirects { get; set; } = WaybackConstants.MaxRedirects;

    /// <summary>Rows per CDX page (the query pages on with resume keys). Default 5,000.</summary>
    [Range(1, 150_000)]
    public int CdxPageSize { get; set; } = WaybackConstants.CdxPageSize;

    /// <summary>
    /// The budget this worker shares: workers that leave through one address name the same group, and on a shared store
    /// their CDX and snapshot requests are paced together, and a 429/503 pause seen by one pauses them all. Default: the
    /// machine's name.
    /// </summary>
    [Required]
    public string RateGroup { get; set; } = Environment.MachineName;

    /// <summary>An e-mail or URL put in the User-Agent so the archive can reach whoever runs the crawl.</summary>
    public string? Contact { get; set; }

    /// <summary>Share of failures (429, 5xx, transport errors) in the sampling window that opens the circuit. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = WaybackConstants.CircuitFailureRatio;

    /// <summary>Requests in the sampling window before the circuit may open. Default 8.</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = WaybackConstants.CircuitMinimumThroughput;

    /// <summary>Window over which failures are counted. Default 60 s.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = WaybackConstants.CircuitSamplingDuration;

    /// <summary>How long an open circuit pauses the endpoint before one probe request. Default 30 s.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = WaybackConstants.CircuitBreakDuration;

    public string UserAgent =>
        $"Harvester/1.0 (privacy policy history research; polite crawler{(string.IsNullOrWhiteSpace(Contact) ? string.Empty : "; contact: " + Contact.Trim())})";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"BaseUrl '{BaseUrl}' is not an http(s) URL.", [nameof(BaseUrl)]);
        }
        foreach (var (name, value, min) in new[]
                 {
                     (nameof(RetryBaseDelay), RetryBaseDelay, TimeSpan.Zero),
                     (nameof(MaxRetryDelay), MaxRetryDelay, TimeSpan.Zero),
                     (nameof(AttemptTimeout), AttemptTimeout, TimeSpan.FromMilliseconds(10)),
                     (nameof(OverallTimeout), OverallTimeout, TimeSpan.FromMilliseconds(10)),
                     (nameof(CircuitSamplingDuration), CircuitSamplingDuration, TimeSpan.FromMilliseconds(500)),
                     (nameof(CircuitBreakDuration), CircuitBreakDuration, TimeSpan.FromMilliseconds(500)),
                 })
        {
            if (value < min) yield return new ValidationResult($"{name} must be at least {min}.", [name]);
        }
    }
}
