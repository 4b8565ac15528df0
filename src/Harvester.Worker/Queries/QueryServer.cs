using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Harvester.Worker.Queries;

/// <summary>
/// Lets analysts query a database while a worker crawls into it: the worker holds the database alone (LiteDB's
/// direct mode is not safe across processes), so read-only commands (<c>versions</c>, <c>show</c>, <c>search</c>,
/// <c>diff</c>, <c>export</c>) typed in another shell are sent here over a Unix socket (mode 0600: only the worker's
/// user may connect) and run inside the worker on its open database, their output streamed back.
/// </summary>
public sealed class QueryServer(IQueryHandler handler, WorkerRun run, ILogger<QueryServer> logger) : BackgroundService
{
    /// <summary>Queries at once; more wait for a turn (the database serialises their reads anyway).</summary>
    private const int MaxConcurrentQueries = 4;

    /// <summary>How long a client may take to send its request once connected.</summary>
    internal TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private Socket? _listener;

    /// <summary>Listens before the worker starts, so its first heartbeat already names the socket.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var path in QuerySocket.CandidatesFor(run.DatabasePath))
        {
            if (TryListen(path) is not { } listener) continue;
            _listener = listener;
            run.QuerySocket = path;
            logger.LogInformation("answering queries on {Path}", path);
            return base.StartAsync(cancellationToken);
        }
        logger.LogWarning("queries while the worker runs are off: no socket to listen on");
        return Task.CompletedTask;
    }

    private Socket? TryListen(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // A socket file left by a killed worker is stale (this process holds the database's lock) and is replaced.
        // Bound under a temporary name and narrowed to 0600 before it takes its real name: no moment when others may connect.
        var bound = $"{path}.{Environment.ProcessId}";
        try
        {
            File.Delete(bound);
            listener.Bind(new UnixDomainSocketEndPoint(bound));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(bound, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(bound, path, overwrite: true);
            listener.Listen(16);
            return listener;
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            listener.Dispose();
            if (File.Exists(bound)) TryDelete(bound);
            logger.LogWarning("cannot listen for queries on {Path}: {Error}", path, e.Message);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener!;
        using var turns = new SemaphoreSlim(MaxConcurrentQueries);
        var running = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Socket connection;
                try
                {
                    connection = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    break;
                }
                running.RemoveWhere(t => t.IsCompleted);
                running.Add(Task.Run(() => AnswerAsync(connection, turns, stoppingToken), CancellationToken.None));
            }
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops listening and removes the socket, here rather than at the end of <see cref="ExecuteAsync"/>, which may
    /// never have begun when a worker stops at once.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Exchange(ref _listener, null) is not { } listener) return;
        var path = run.QuerySocket;
        run.QuerySocket = null;
        listener.Dispose();
        if (path is not null) TryDelete(path);
    }

    private async Task AnswerAsync(Socket connection, SemaphoreSlim turns, CancellationToken stoppingToken)
    {
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        try
        {
            QueryRequest request;
            using (var patience = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                // A client that connects and says nothing does not keep a connection open for ever.
                patience.CancelAfter(RequestTimeout);
                try
                {
                    request = await QueryProtocol.ReadRequestAsync(stream, patience.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogInformation("query connection closed: no request within {Timeout}", RequestTimeout);
                    return;
                }
            }
            await turns.WaitAsync(stoppingToken).ConfigureAwait(false);
            try
            {
                logger.LogInformation("query: {Arguments}", string.Join(' ', request.Arguments));
                using var frames = new SemaphoreSlim(1);
                var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
                // Buffered, so a command's many small writes go out as few frames; flushed before the exit frame.
                await using var output = new StreamWriter(new QueryFrameStream(stream, QueryProtocol.Output, frames), utf8, bufferSize: 16384);
                await using var error = new StreamWriter(new QueryFrameStream(stream, QueryProtocol.Error, frames), utf8, bufferSize: 1024) { AutoFlush = true };
                int exitCode = await handler.RunAsync(request, output, error, stoppingToken).ConfigureAwait(false);
                await output.FlushAsync(stoppingToken).ConfigureAwait(false);
                await error.FlushAsync(stoppingToken).ConfigureAwait(false);
                await QueryProtocol.WriteExitAsync(stream, exitCode, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                turns.Release();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The worker is stopping; the client hears the connection close and says so.
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidDataException or ObjectDisposedException)
        {
            // The client went away (Ctrl+C on a long export) or sent something that is not a request: its business only.
            logger.LogInformation("query connection ended: {Error}", e.Message);
        }
        catch (Exception e)
        {
            // A fault in one query must not take the crawl down with it.
            logger.LogError(e, "query failed");
            await TrySendFailureAsync(stream, e).ConfigureAwait(false);
        }
    }

    private static async Task TrySendFailureAsync(Stream stream, Exception failure)
    {
        try
        {
            var message = Encoding.UTF8.GetBytes($"harvester: the worker failed on this query: {failure.Message}\n");
            await QueryProtocol.WriteFrameAsync(stream, QueryProtocol.Error, message, CancellationToken.None).ConfigureAwait(false);
            await QueryProtocol.WriteExitAsync(stream, 1, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
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
}
