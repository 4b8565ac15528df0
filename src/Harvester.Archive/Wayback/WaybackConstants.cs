namespace Harvester.Archive.Wayback;

/// <summary>Defaults of <see cref="WaybackOptions"/>.</summary>
public static class WaybackConstants
{
    public const string DefaultBaseUrl = "https://web.archive.org";
    /// <summary>Under the CDX endpoint's hard limit of about 24 a minute.</summary>
    public const double CdxRequestsPerMinute = 20;
    public const double SnapshotRequestsPerSecond = 4;
    public const int MaxConcurrentRequests = 4;
    public const int MaxRetries = 6;
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan OverallTimeout = TimeSpan.FromMinutes(15);
    public const long MaxBodyBytes = 20 * 1024 * 1024;
    public const int MaxRedirects = 10;
    public const int CdxPageSize = 5000;

    /// <summary>The most rows the CDX server returns for one query (its documented cap).</summary>
    public const int CdxMaxRowsPerQuery = 150_000;
    public const double CircuitFailureRatio = 0.5;
    public const int CircuitMinimumThroughput = 8;
    public static readonly TimeSpan CircuitSamplingDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan CircuitBreakDuration = TimeSpan.FromSeconds(30);

    /// <summary>How much wider than 1/rate permits are spaced, so the archive never counts more than its limit (README).</summary>
    public const double PacingMargin = 0.03;
}
