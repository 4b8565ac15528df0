using System.Diagnostics;
using System.Net.Http;
using Harvester.Tests.Support;
using Harvester.Worker;

namespace Harvester.Tests.Worker;

/// <summary>
/// A worker or <c>serve</c> started in a folder (the LiteDB file's, usually) watches nothing: ASP.NET Core's slim
/// builder watched the current folder and every folder below it for appsettings.json, one inotify watch per folder
/// (4,036 under /tmp) and an event for every write of the database kept there.
/// </summary>
public sealed class FileWatchingTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_AndServe_InAFolderWithSubfolders_HoldNoFileWatch()
    {
        Assert.SkipUnless(Directory.Exists("/proc/self/fd"), "needs /proc to see the process's inotify instances");
        for (int i = 0; i < 20; i++) Directory.CreateDirectory(_dir.Combine("sub" + i, "deeper"));
        var db = _dir.Combine("h.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", "a.example")).ExitCode);

        var log = new ProcessLog();
        using (var worker = HarvesterProcess.Start(["--db", db, "--archive", FixtureArchive.Folder, "run"], log: log, workingDirectory: _dir.Path))
        {
            try
            {
                await WaitUntilAsync(() => WorkerHeartbeat.ReadFrom(WorkerHeartbeat.PathFor(db)) is { QuerySocket: not null }, worker, log);
                Assert.Equal(0, InotifyInstances(worker));
            }
            finally
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync(Ct);
            }
        }

        int port = LoopbackPort.Free();
        using var serve = HarvesterProcess.Start(["--db", db, "serve", "--urls", $"http://127.0.0.1:{port}"], log: log, workingDirectory: _dir.Path);
        try
        {
            using var http = new HttpClient();
            await WaitUntilAsync(() => Answers(http, port), serve, log);
            Assert.Equal(0, InotifyInstances(serve));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(Ct);
        }
    }

    private static int InotifyInstances(Process process) =>
        new DirectoryInfo($"/proc/{process.Id}/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");

    private static bool Answers(HttpClient http, int port)
    {
        try
        {
            return http.GetAsync($"http://127.0.0.1:{port}/", Ct).GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Process process, ProcessLog log)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited) Assert.Fail($"it exited early ({process.ExitCode}): {log}");
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"it never got there: {log}");
            await Task.Delay(50, Ct);
        }
    }
}
