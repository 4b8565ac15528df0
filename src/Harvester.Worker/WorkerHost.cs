using Harvester.Archive;
using Harvester.Archive.Wayback;
using Harvester.Core.Extraction;
using Harvester.Crawl;
using Harvester.Storage;
using Harvester.Worker.Queries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harvester.Worker;

/// <summary>Builds the Generic Host that runs <see cref="CrawlWorker"/> over an open database, with validated settings.</summary>
public static class WorkerHost
{
    public static IHost Create(
        IConfiguration configuration, string archiveLocation, IHarvesterStore store, WorkerRun run,
        WorkerOptions worker, ScheduleOptions schedule, StorageOptions storage, IQueryHandler? queries = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "harvester",
            ContentRootPath = Directory.GetCurrentDirectory(),
            DisableDefaults = true,
        });
        builder.Configuration.AddConfiguration(configuration);

        builder.Logging.ClearProviders();
        // IHttpClientFactory logs four lines per request at Information: 20 MB in 20 minutes of crawling. Warnings
        // and up only, unless the Logging section says otherwise (it is added after, so it wins).
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        if (worker.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
            });
        }

        var services = builder.Services;
        services.Configure<HostOptions>(o => o.ShutdownTimeout = worker.GracePeriod + TimeSpan.FromSeconds(30));
        services.AddSingleton(Options.Create(worker));
        services.AddSingleton(Options.Create(schedule));
        services.AddSingleton(Options.Create(storage));
        services.AddSingleton(run);
        services.AddSingleton(store);
        if (store.RateBudgets is { } budgets) services.AddSingleton<ISharedRateBudget>(new StoreRateBudget(budgets, run.RateGroup ?? Environment.MachineName));
        services.AddWebArchive(configuration, archiveLocation);
        services.AddSingleton(new PolicyExtractor());
        services.AddSingleton(sp => new SiteCrawler(
            sp.GetRequiredService<IWebArchive>(), sp.GetRequiredService<IHarvesterStore>(), sp.GetRequiredService<PolicyExtractor>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SiteCrawler>>()));
        services.AddSingleton(sp => new JobExecutor(
            sp.GetRequiredService<SiteCrawler>(), sp.GetRequiredService<IHarvesterStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<JobExecutor>>()) { LeaseDuration = worker.LeaseDuration });
        services.AddSingleton(sp => new RecrawlPlanner(sp.GetRequiredService<IHarvesterStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(store.Markers);
        services.AddSingleton(sp => new RecrawlSchedule(
            schedule.RecrawlExpression, sp.GetRequiredService<IMarkerStore>(), sp.GetRequiredService<RecrawlPlanner>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RecrawlSchedule>>()));
        services.AddSingleton(sp => new WorkerProgress(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostLifetime, SignalLifetime>();
        // Started first (the worker's first heartbeat names its socket) and stopped last (queries are answered while
        // jobs in flight wind down).
        if (queries is not null)
        {
            services.AddSingleton(queries);
            services.AddHostedService<QueryServer>();
        }
        services.AddHostedService<CrawlWorker>();
        return builder.Build();
    }
}
