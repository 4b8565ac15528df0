using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Harvester.Archive.Wayback;

/// <summary>
/// One archive endpoint (CDX or snapshots) and everything that keeps Harvester polite and resilient towards it:
/// a token-bucket rate limit, a concurrency cap, a gate that every caller honours after a Retry-After, and one
/// Polly pipeline: overall timeout → retry (exponential backoff with jitter, Retry-After first) → circuit breaker.
/// Each attempt has its own timeout and reads the whole body, so truncated transfers are retried too.
/// </summary>
internal sealed class ArchiveEndpoint : IDisposable
{
    private readonly HttpClient _http;
    private readonly WaybackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PacedRateLimiter _rate;
    private readonly ConcurrencyLimiter _concurrency;
    private readonly EndpointGate _gate;
    private readonly ResiliencePipeline<ArchiveResponse> _pipeline;

    private readonly bool _oneRequestPerConnection;
    private readonly ISharedRateBudget? _shared;
    private readonly TimeSpan _interval;

    /// <param name="oneRequestPerConnection">
    /// Send every request on a new connection. On a kept-alive connection that the server closes after reading a
    /// request (a dropped answer), .NET's HTTP stack sends the request again on its own, without a permit, so the server
    /// sees two requests where one was paced. For the scarce CDX budget that cannot be allowed; a connection costs
    /// little at 20 requests a minute.
    /// </param>
    public ArchiveEndpoint(string name, double requestsPerSecond, HttpClient http, WaybackOptions options, TimeProvider time, ILogger logger,
        bool oneRequestPerConnection = false, ISharedRateBudget? shared = null)
    {
        _shared = shared;
        _interval = TimeSpan.FromSeconds((1 + PacedRateLimiter.Margin) / requestsPerSecond);
        _oneRequestPerConnection = oneRequestPerConnection;
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
        _gate = new EndpointGate(time);
        Statistics = new EndpointStatistics { Endpoint = name };
        _rate = new PacedRateLimiter(requestsPerSecond, time);
        _concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.MaxConcurrentRequests,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _pipeline = BuildPipeline();
    }

    public EndpointStatistics Statistics { get; }

    private ResiliencePipeline<ArchiveResponse> BuildPipeline()
    {
        var transient = new PredicateBuilder<ArchiveResponse>()
            .Handle<HttpRequestException>()
            .Handle<IOException>()
            .Handle<TimeoutException>()
            .HandleResult(r => r.IsTransientFailure);

        var builder = new ResiliencePipelineBuilder<ArchiveResponse> { TimeProvider = _time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ArchiveResponse>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryBaseDelay,
                MaxDelay = _options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    Statistics.CountRetry();
                    _logger.LogDebug("{Endpoint}: retry {Attempt} in {Delay} after {Outcome}", Statistics.Endpoint, args.AttemptNumber + 1,
                        args.RetryDelay, args.Outcome.Exception?.Message ?? ((int?)args.Outcome.Result?.Status)?.ToString(CultureInfo.InvariantCulture));
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ArchiveResponse>
            {
                ShouldHandle = transient,
                FailureRatio = _options.CircuitFailureRatio,
                MinimumThroughput = _options.CircuitMinimumThroughput,
                SamplingDuration = _options.CircuitSamplingDuration,
                BreakDuration = _options.CircuitBreakDuration,
                OnOpened = args =>
                {
                    Statistics.CircuitState = "open";
                    Statistics.CountCircuitOpening();
                    _logger.LogWarning("{Endpoint}: too many failures, pausing for {Break}", Statistics.Endpoint, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    Statistics.CircuitState = "half-open";
                    _logger.LogInformation("{Endpoint}: probing after the pause", Statistics.Endpoint);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Statistics.CircuitState = "closed";
                    _logger.LogInformation("{Endpoint}: recovered", Statistics.Endpoint);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Sends GET <paramref name="uri"/> with every protection; returns the final answer (possibly a failure status).
    /// While the circuit is open the request waits for the probe instead of spending its retries.
    /// </summary>
    /// <exception cref="ArchiveException">The body is too large, or the request kept failing.</exception>
    public async Task<ArchiveResponse> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        overall.CancelAfter(_options.OverallTimeout);
        try
        {
            while (true)
            {
                try
                {
                    return await _pipeline.ExecuteAsync(
                        static (state, ct) => state.Endpoint.AttemptAsync(state.Uri, ct),
                        (Endpoint: this, Uri: uri),
                        overall.Token).ConfigureAwait(false);
                }
                catch (BrokenCircuitException open)
                {
                    await Task.Delay(open.RetryAfter ?? _options.CircuitBreakDuration, _time, overall.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArchiveException(ArchiveErrorKind.Unavailable,
                $"{Statistics.Endpoint} unavailable for {uri}: no answer within the overall timeout of {_options.OverallTimeout}");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException)
        {
            throw new ArchiveException(ArchiveErrorKind.Unavailable, $"{Statistics.Endpoint} unavailable for {uri}: {OneLine(e.Message)}", e);
        }
    }

    private async ValueTask<ArchiveResponse> AttemptAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var slot = await _concurrency.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!slot.IsAcquired) throw new HttpRequestException("concurrency limit queue overflow");
        RateLimitLease lease;
        while (true)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            lease = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired) throw new HttpRequestException("rate limit queue overflow");
            if (!_gate.IsPaused && (_shared is null || await TakeSharedSlotAsync(cancellationToken).ConfigureAwait(false))) break;
            lease.Dispose(); // a Retry-After arrived while this caller queued: wait it out, then take a fresh permit
        }

        using (lease)
        using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            attempt.CancelAfter(_options.AttemptTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                if (_oneRequestPerConnection) request.Headers.ConnectionClose = true;
                Statistics.CountRequest();
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token).ConfigureAwait(false);
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var h in response.Headers) headers[h.Key] = string.Join(", ", h.Value);
                foreach (var h in response.Content.Headers) headers[h.Key] = string.Join(", ", h.Value);
                var body = await ReadBodyAsync(response, attempt.Token).ConfigureAwait(false);
                var retryAfter = RetryAfter(response);
                int status = (int)response.StatusCode;
                if (status == 429) Statistics.CountRateLimited();
                else if (status >= 500) Statistics.CountServerError();
                if (retryAfter is { } wait && (status == 429 || status == 503))
                {
                    _gate.PauseFor(wait);
                    Statistics.PausedUntil = _gate.PausedUntil;
                    if (_shared is not null) await _shared.PauseAsync(Statistics.Endpoint, wait, CancellationToken.None).ConfigureAwait(false);
                    _logger.LogWarning("{Endpoint}: {Status}, every caller waits {Wait} as asked", Statistics.Endpoint, status, wait);
                }
                return new ArchiveResponse(uri, response.StatusCode, headers, body, retryAfter);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Statistics.CountTransportError();
                throw new TimeoutException($"no complete answer within {_options.AttemptTimeout.TotalSeconds:0.#} s");
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                Statistics.CountTransportError();
                throw;
            }
        }
    }

    /// <summary>
    /// Takes the rate group's slot (other workers leaving through the same address pace with this one), trying again
    /// when it says; false when this endpoint was paused meanwhile, so the caller waits that out and tries afresh.
    /// </summary>
    private async ValueTask<bool> TakeSharedSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = await _shared!.TryClaimAsync(Statistics.Endpoint, _interval, cancellationToken).ConfigureAwait(false);
            if (wait <= TimeSpan.Zero) return true;
            if (wait > _interval) Statistics.PausedUntil = _time.GetUtcNow() + wait; // the group is paused
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _time, cancellationToken).ConfigureAwait(false);
            if (_gate.IsPaused) return false;
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        long? declared = response.Content.Headers.ContentLength;
        if (declared > _options.MaxBodyBytes) throw TooLarge(declared.Value);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream(declared is { } d ? (int)Math.Min(d, 1 << 20) : 64 * 1024);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _options.MaxBodyBytes)
            {
                throw new ArchiveException(ArchiveErrorKind.TooLarge, $"body exceeds the {_options.MaxBodyBytes / 1048576.0:0.#} MiB limit");
            }
        }
        if (declared is { } expected && buffer.Length != expected) throw new TruncatedBodyException(expected, buffer.Length);
        return buffer.ToArray();
    }

    private ArchiveException TooLarge(long size) =>
        new(ArchiveErrorKind.TooLarge, $"body of {size / 1048576.0:0.0} MiB is over the {_options.MaxBodyBytes / 1048576.0:0.#} MiB limit");

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");

    public void Dispose()
    {
        _rate.Dispose();
        _concurrency.Dispose();
    }
}
