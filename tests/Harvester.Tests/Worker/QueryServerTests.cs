using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Harvester.Cli.Commands;
using Harvester.Storage;
using Harvester.Tests.Support;
using Harvester.Worker;
using Harvester.Worker.Queries;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Tests.Worker;

/// <summary>
/// The worker's query socket in-process: what a command prints arrives whole and in order, and a client that breaks
/// the protocol or walks away harms neither the server nor the next client.
/// </summary>
public sealed class QueryServerTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _dir = new();
    private readonly ScriptedHandler _handler = new();
    private readonly WorkerRun _run;
    private readonly QueryServer _server;

    public QueryServerTests()
    {
        _run = new WorkerRun { Once = false, DatabasePath = _dir.Combine("q.db") };
        _server = new QueryServer(_handler, _run, NullLogger<QueryServer>.Instance) { RequestTimeout = TimeSpan.FromMilliseconds(500) };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // A socket file left behind by a killed worker must not stop the next one from listening.
        await File.WriteAllTextAsync(QuerySocket.CandidatesFor(_run.DatabasePath)[0], "stale", Ct);
        await _server.StartAsync(Ct);
        for (int i = 0; i < 200 && _run.QuerySocket is null; i++) await Task.Delay(25, Ct);
        Assert.NotNull(_run.QuerySocket);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        _server.Dispose();
        _dir.Dispose();
    }

    private async Task<(int? Exit, string Output, string Error)> AskAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await QueryClient.TryRunAsync(_run.QuerySocket!, new QueryRequest(arguments, "/"), output, error, Ct);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task LongOutput_WithMultibyteText_ErrorsAndExitCode_ArriveExactly()
    {
        var (exit, output, error) = await AskAsync("lines", "20000");
        Assert.Equal(3, exit);
        Assert.Equal(ScriptedHandler.Lines(20000), output);
        Assert.Equal("harvester: something on stderr\n", error);
    }

    [Fact]
    public async Task AFailingCommand_IsReportedToItsClient_AndTheServerGoesOn()
    {
        var (exit, _, error) = await AskAsync("throw");
        Assert.Equal(1, exit);
        Assert.Equal("harvester: the worker failed on this query: scripted failure\n", error);
        Assert.Equal(3, (await AskAsync("lines", "2")).Exit);
    }

    [Fact]
    public async Task GarbageAndAbandonedConnections_DoNotHarmTheNextClient()
    {
        using (var garbage = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await garbage.ConnectAsync(new UnixDomainSocketEndPoint(_run.QuerySocket!), Ct);
            await garbage.SendAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 13, 10, 13, 10 }, Ct); // not HTTP
            // Answered with an error and closed (or reset): read until the server lets go.
            try
            {
                while (await garbage.ReceiveAsync(new byte[256], Ct) > 0)
                {
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
            }
        }
        using (var http = QueryClient.Over(_run.QuerySocket!))
        {
            using var notARequest = await http.PostAsync("/cli", new StringContent("{\"nothing\": 1}", Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, notARequest.StatusCode);
            using var endless = new HttpRequestMessage(HttpMethod.Post, "/cli") { Content = JsonContent.Create(new QueryRequest(["endless"], "/")) };
            using var response = await http.SendAsync(endless, HttpCompletionOption.ResponseHeadersRead, Ct);
            await using var stream = await response.Content.ReadAsStreamAsync(Ct);
            Assert.NotNull(await QueryProtocol.ReadFrameAsync(stream, Ct));
        } // walks away mid-answer, like Ctrl+C on a long export
        await _handler.EndlessStopped.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var (exit, output, _) = await AskAsync("lines", "3");
        Assert.Equal(3, exit);
        Assert.Equal(ScriptedHandler.Lines(3), output);
    }

    [Fact]
    public async Task AClientThatSaysNothing_IsHungUpOn()
    {
        using var silent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await silent.ConnectAsync(new UnixDomainSocketEndPoint(_run.QuerySocket!), Ct);
        var receive = silent.ReceiveAsync(new byte[16], Ct).AsTask();
        Assert.Equal(0, await receive.WaitAsync(TimeSpan.FromSeconds(10), Ct)); // closed by the server, not by this test
        Assert.Equal(3, (await AskAsync("lines", "1")).Exit);
    }

    [Fact]
    public async Task NoWorkerListening_MeansNoAnswer_NotAnError()
    {
        await _server.StopAsync(Ct);
        Assert.Null(_run.QuerySocket);
        Assert.Null(await QueryClient.TryRunAsync(QuerySocket.CandidatesFor(_run.DatabasePath)[0], new QueryRequest(["lines", "1"], "/"), TextWriter.Null, TextWriter.Null, Ct));
    }

    [Fact]
    public void SocketPath_IsBesideTheDatabase_OrInTheTemporaryFolderWhenThatIsTooLongOrFails()
    {
        Assert.Equal(_run.QuerySocket, Path.GetFullPath(_dir.Combine("q.db")) + ".sock");
        var candidates = QuerySocket.CandidatesFor(_dir.Combine("q.db"));
        Assert.Equal([Path.GetFullPath(_dir.Combine("q.db")) + ".sock"], candidates.Take(1));
        Assert.StartsWith(Path.GetTempPath(), candidates[1], StringComparison.Ordinal);

        var deep = _dir.Combine(new string('d', 120), "h.db");
        var path = Assert.Single(QuerySocket.CandidatesFor(deep));
        Assert.StartsWith(Path.GetTempPath(), path, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(path) <= 100, path);
        Assert.Equal(path, QuerySocket.CandidatesFor(deep)[0]);
        Assert.NotEqual(path, QuerySocket.CandidatesFor(deep + "2")[0]);
    }

    [Fact]
    public async Task AFolderThatCannotHoldTheSocket_FallsBackToTheTemporaryFolder()
    {
        // A directory where the socket file should be: binding there fails, as on a filesystem without sockets.
        var run = new WorkerRun { Once = false, DatabasePath = _dir.Combine("blocked.db") };
        Directory.CreateDirectory(QuerySocket.CandidatesFor(run.DatabasePath)[0]);
        using var server = new QueryServer(_handler, run, NullLogger<QueryServer>.Instance);
        await server.StartAsync(Ct);
        try
        {
            Assert.Equal(QuerySocket.CandidatesFor(run.DatabasePath)[1], run.QuerySocket);
            var output = new StringWriter();
            Assert.Equal(3, await QueryClient.TryRunAsync(run.QuerySocket!, new QueryRequest(["lines", "1"], "/"), output, TextWriter.Null, Ct));
            Assert.Equal(ScriptedHandler.Lines(1), output.ToString());
        }
        finally
        {
            await server.StopAsync(Ct);
        }
        Assert.False(File.Exists(QuerySocket.CandidatesFor(run.DatabasePath)[1]));
        Assert.Empty(Directory.GetFiles(_dir.Path, "blocked.db.sock.*")); // nothing left of the failed attempt
    }

    /// <summary>Stands in for the command line: <c>lines N</c>, <c>throw</c>, <c>endless</c>.</summary>
    private sealed class ScriptedHandler : IQueryHandler
    {
        public TaskCompletionSource EndlessStopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static string Lines(int count) =>
            string.Concat(Enumerable.Range(0, count).Select(i => $"line {i}: déjà vu — 政策 — 😀\n"));

        public async Task<int> RunAsync(QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        {
            switch (request.Arguments[0])
            {
                case "lines":
                    for (int i = 0; i < int.Parse(request.Arguments[1], System.Globalization.CultureInfo.InvariantCulture); i++)
                    {
                        await output.WriteAsync($"line {i}: déjà vu — 政策 — 😀\n");
                    }
                    await error.WriteLineAsync("harvester: something on stderr");
                    return 3;
                case "throw":
                    throw new InvalidOperationException("scripted failure");
                default:
                    try
                    {
                        while (true)
                        {
                            await output.WriteAsync(new string('x', 4096));
                            await output.FlushAsync(cancellationToken);
                        }
                    }
                    finally
                    {
                        EndlessStopped.TrySetResult();
                    }
            }
        }
    }
}

/// <summary>The command-line side of a served query: the worker's database, the client's folder, read-only commands only.</summary>
public sealed class WorkerQueryHandlerTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunsReadOnlyCommands_OnTheGivenDatabase_WithPathsFromTheClientsFolder()
    {
        using var database = LiteDbFile.Open(_dir.Combine("held.db"));
        var handler = new WorkerQueryHandler(new LiteDbStore(database, TimeProvider.System));
        var clientFolder = Directory.CreateDirectory(_dir.Combine("client")).FullName;

        var output = new StringWriter();
        var error = new StringWriter();
        // --db names another file: a served query ignores it and uses the worker's database.
        int exit = await handler.RunAsync(new QueryRequest(["--db", _dir.Combine("other.db"), "export", "--out", "out", "--format", "jsonl"], clientFolder), output, error, TestContext.Current.CancellationToken);
        Assert.True(exit == 0, error.ToString());
        Assert.True(File.Exists(Path.Combine(clientFolder, "out", "policies.jsonl")));
        Assert.False(File.Exists(_dir.Combine("other.db")));

        error = new StringWriter();
        exit = await handler.RunAsync(new QueryRequest(["crawl", "example.com"], clientFolder), TextWriter.Null, error, TestContext.Current.CancellationToken);
        Assert.Equal(2, exit);
        Assert.Equal("harvester: a running worker answers only versions, show, diff, search, export\n", error.ToString());
    }
}
