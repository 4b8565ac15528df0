using System.Net;
using System.Net.Sockets;
using Harvester.Tests.Support;

namespace Harvester.Tests.Web;

/// <summary>A worker that hosts the web app (Worker:Http:Urls): the app answers while the worker holds the LiteDB file, and stops with it.</summary>
public sealed class WorkerHostedWebTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_ServesTheApp_OnItsOpenStore_AndStopsItOnSigterm()
    {
        var db = _dir.Combine("w.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", "zeta-travel.example")).ExitCode);
        int port = LoopbackPort.Free();
        var log = new ProcessLog();
        using var worker = HarvesterProcess.Start(["--db", db, "--archive", FixtureArchive.Folder, "run"],
            new Dictionary<string, string> { ["HARVESTER__Worker__Http__Urls"] = $"http://127.0.0.1:{port}", ["HARVESTER__Schedule__Recrawl"] = "" }, log);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        string? body = null;
        for (int i = 0; i < 100 && body is null; i++)
        {
            Assert.False(worker.HasExited, log.ToString());
            try
            {
                body = await http.GetStringAsync("/api/sites/zeta-travel.example", Ct);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, Ct);
            }
        }
        Assert.NotNull(body);
        Assert.Contains("\"halfYear\":\"2019A\"", body);
        // While the worker runs, the command line still answers through it.
        Assert.Contains("v3", (await CliRun.RunAsync("--db", db, "versions", "zeta-travel.example")).Output);

        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) await term.WaitForExitAsync(Ct);
        await worker.WaitForExitAsync(Ct);
        Assert.True(worker.ExitCode == 0, $"exit {worker.ExitCode}: {log}");
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("/api/status", Ct));
    }
}
