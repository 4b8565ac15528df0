using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harvester.Worker.Queries;

/// <summary>
/// Answers read-only commands (<c>versions</c>, <c>show</c>, <c>diff</c>, <c>search</c>, <c>export</c>) typed in another
/// shell while the worker holds a LiteDB file: HTTP on a Unix socket beside the database (mode 0600, so only the
/// worker's user can connect), the same protocol as the web app. <c>POST /cli</c> takes a <see cref="QueryRequest"/> as
/// JSON and answers with the command's output, errors and exit code as <see cref="QueryProtocol"/> frames, streamed as
/// they are written. At most <see cref="MaxConcurrentQueries"/> run at once; a fault in one never reaches the crawl.
/// </summary>
public sealed class QueryServer(IQueryHandler handler, WorkerRun run, ILogger<QueryServer> logger) : IHostedService, IDisposable
{
    private const int MaxConcurrentQueries = 4;

    public const string ContentType = "application/vnd.harvester.frames";

    /// <summary>How long a client may take to send its request before it is hung up on.</summary>
    internal TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _turns = new(MaxConcurrentQueries);
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var path in QuerySocket.CandidatesFor(run.DatabasePath))
        {
            if (await TryListenAsync(path, cancellationToken).ConfigureAwait(false) is not { } app) continue;
            _app = app;
            run.QuerySocket = path;
            logger.LogInformation("answering queries on {Path}", path);
            return;
        }
        logger.LogWarning("queries while the worker runs are off: no socket to listen on");
    }

    /// <summary>
    /// The slim builder reads appsettings.json from the current folder with reload on change, which watches that folder
    /// and every folder below it (a watch per folder: thousands in a home folder, and an event for every write of a
    /// LiteDB file kept there). This server needs no configuration of its own.
    /// </summary>
    private static readonly string[] NoFileWatching = ["--hostBuilder:reloadConfigOnChange=false"];

    private async Task<WebApplication?> TryListenAsync(string path, CancellationToken cancellationToken)
    {
        WebApplication? app = null;
        try
        {
            // A socket file left by a killed worker is stale (this process holds the database's lock) and is replaced.
            File.Delete(path);
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Harvester.Worker.Queries", Args = NoFileWatching });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<IHostLifetime, NoSignals>();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.ListenUnixSocket(path);
                k.AddServerHeader = false;
                k.Limits.RequestHeadersTimeout = RequestTimeout;
                k.Limits.KeepAliveTimeout = RequestTimeout;
                k.Limits.MaxRequestBodySize = QueryProtocol.MaxRequestBytes;
            });
            app = builder.Build();
            app.MapPost("/cli", (HttpContext http) => AnswerAsync(http));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            // The socket is created without write permission for others (umask), so none could connect before this.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return app;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
            logger.LogWarning("cannot listen for queries on {Path}: {Error}", path, e.Message);
            return null;
        }
    }

    private async Task AnswerAsync(HttpContext http)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, http.RequestAborted);
        var token = stop.Token;
        QueryRequest? request;
        try
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(token);
            patience.CancelAfter(RequestTimeout);
            request = await JsonSerializer.DeserializeAsync(http.Request.Body, QueryJson.Default.QueryRequest, patience.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or OperationCanceledException or IOException or BadHttpRequestException)
        {
            request = null;
        }
        if (request?.Arguments is null || request.WorkingDirectory is null)
        {
            logger.LogInformation("query refused: not a request");
            http.Response.StatusCode = 400;
            return;
        }
        http.Response.ContentType = ContentType;
        var stream = http.Response.Body;
        try
        {
            await _turns.WaitAsync(token).ConfigureAwait(false);
            try
            {
                logger.LogInformation("query: {Arguments}", string.Join(' ', request.Arguments));
                using var frames = new SemaphoreSlim(1);
                var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
                // Buffered, so a command's many small writes go out as few frames; flushed before the exit frame.
                await using var output = new StreamWriter(new QueryFrameStream(stream, QueryProtocol.Output, frames), utf8, bufferSize: 16384);
                await using var error = new StreamWriter(new QueryFrameStream(stream, QueryProtocol.Error, frames), utf8, bufferSize: 1024) { AutoFlush = true };
                int exitCode = await handler.RunAsync(request, output, error, token).ConfigureAwait(false);
                await output.FlushAsync(token).ConfigureAwait(false);
                await error.FlushAsync(token).ConfigureAwait(false);
                await QueryProtocol.WriteExitAsync(stream, exitCode, token).ConfigureAwait(false);
            }
            finally
            {
                _turns.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The worker is stopping, or the client went away (Ctrl+C on a long export): the connection closes.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            logger.LogInformation("query connection ended: {Error}", e.Message);
        }
        catch (Exception e)
        {
            // A fault in one query must not take the crawl down with it.
            logger.LogError(e, "query failed");
            await TrySendFailureAsync(stream, e).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _app, null) is not { } app) return;
        var path = run.QuerySocket;
        run.QuerySocket = null;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        if (path is not null) TryDelete(path);
    }

    private static async Task TrySendFailureAsync(Stream stream, Exception failure)
    {
        try
        {
            var message = Encoding.UTF8.GetBytes($"harvester: the worker failed on this query: {failure.Message}\n");
            await QueryProtocol.WriteFrameAsync(stream, QueryProtocol.Error, message, CancellationToken.None).ConfigureAwait(false);
            await QueryProtocol.WriteExitAsync(stream, 1, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client is gone too.
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("cannot delete {Path}: {Error}", path, e.Message);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _turns.Dispose();
    }

    /// <summary>The worker's own lifetime handles signals; this server starts and stops when the worker says.</summary>
    private sealed class NoSignals : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
