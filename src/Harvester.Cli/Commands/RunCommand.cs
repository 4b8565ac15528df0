using System.CommandLine;
using Harvester.Archive;
using Harvester.Archive.Wayback;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Worker;
using Microsoft.Extensions.Hosting;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester run [--once]</c>: the long-running worker. Everything it needs is checked before it starts (settings,
/// the archive answering, the database opening and being this process's alone), each failure as one line.
/// </summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var once = new Option<bool>("--once") { Description = "Exit when the queue is empty instead of waiting for new work." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Sites crawled at once (Worker:Concurrency, default 4)." };
        var logFormat = new Option<string?>("--log-format") { Description = "text (default) or json (Worker:LogFormat)." };
        var grace = new Option<int?>("--grace") { Description = "Seconds jobs in flight may run on after a stop signal (Worker:GracePeriod, default 30)." };
        var command = new Command("run", "Run the worker: crawl queued sites, re-crawl on schedule, until stopped (SIGTERM/Ctrl+C).")
        {
            once, concurrency, logFormat, grace,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parseResult.GetValue(concurrency) is { } c) overrides["Worker:Concurrency"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (parseResult.GetValue(logFormat) is { } f) overrides["Worker:LogFormat"] = f;
            if (parseResult.GetValue(grace) is { } g) overrides["Worker:GracePeriod"] = TimeSpan.FromSeconds(g).ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            var configuration = HarvesterSettings.Configuration(parseResult, overrides);
            var worker = HarvesterSettings.Bind<WorkerOptions>(configuration, WorkerOptions.Section);
            var schedule = HarvesterSettings.Bind<ScheduleOptions>(configuration, ScheduleOptions.Section);
            var storage = HarvesterSettings.Bind<StorageOptions>(configuration, StorageOptions.Section);
            var wayback = HarvesterSettings.Bind<WaybackOptions>(configuration, WaybackOptions.Section);

            var archive = GlobalOptions.Archive(parseResult);
            await GlobalOptions.EnsureArchiveReachableAsync(parseResult, cancellationToken);

            var address = GlobalOptions.Database(parseResult);
            WorkerRun run;
            IHarvesterStore store;
            if (StoreAddress.IsPostgres(address))
            {
                store = StoreOpener.Open(address);
                run = new WorkerRun { Once = parseResult.GetValue(once), DatabasePath = store.Location, RateGroup = wayback.RateGroup };
            }
            else
            {
                var path = Path.GetFullPath(address);
                var database = LiteDbFile.Open(path);
                store = new LiteDbStore(database, TimeProvider.System, ownsFile: true);
                // The cheap part of 'harvester check': a worker does not start crawling into a store it cannot read.
                if (new StoreCheck(database).CheckStructure(cancellationToken).Problems is [var problem, ..])
                {
                    store.Dispose();
                    throw DamagedStoreException.In(address, problem.ToString());
                }
                run = new WorkerRun { Once = parseResult.GetValue(once), DatabasePath = path, RateGroup = wayback.RateGroup };
                try
                {
                    File.WriteAllText(run.HeartbeatPath + ".tmp", string.Empty);
                    File.Delete(run.HeartbeatPath + ".tmp");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    store.Dispose();
                    throw new StorageException($"{run.HeartbeatPath}: cannot write the worker's heartbeat: {e.Message}", e);
                }
            }
            using var owned = store;
            // A LiteDB file is this process's alone: other commands' queries come over its socket. A shared store needs none.
            using var host = WorkerHost.Create(configuration, archive, store, run, worker, schedule, storage, store.IsShared ? null : new WorkerQueryHandler(store));
            // The web app beside the worker, on the worker's open store (a LiteDB file has one process: this one).
            Microsoft.AspNetCore.Builder.WebApplication? web = null;
            if (worker.Http.Urls is { Length: > 0 } webUrls)
            {
                var http = HarvesterSettings.Bind<Harvester.Web.HttpOptions>(configuration, Harvester.Web.HttpOptions.Section);
                http.Urls = webUrls;
                try
                {
                    web = Harvester.Web.HarvesterWebApp.Build(store, http, handleSignals: false);
                }
                catch (Harvester.Web.WebSettingsException e)
                {
                    throw new SettingsException("settings: " + e.Message);
                }
                try
                {
                    await web.StartAsync(cancellationToken);
                }
                catch (IOException e)
                {
                    await web.DisposeAsync();
                    throw new SettingsException($"settings: Worker:Http:Urls: cannot listen on {webUrls}: {e.Message}");
                }
            }
            try
            {
                await host.RunAsync(cancellationToken);
            }
            finally
            {
                if (web is not null)
                {
                    await web.StopAsync(CancellationToken.None);
                    await web.DisposeAsync();
                }
            }
            return run.ExitCode;
        });
        return command;
    }
}
