using Harvester.Archive.Warc;
using Harvester.Archive.Wayback;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Harvester.Archive;

/// <summary>Registers the archive layer in a host: options validated at start-up, the HTTP client from IHttpClientFactory.</summary>
public static class ArchiveServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IWebArchive"/> for <paramref name="location"/> (a folder of WARC files or a Wayback/pywb URL),
    /// with <see cref="WaybackOptions"/> bound from the <c>Wayback</c> section and validated on start.
    /// </summary>
    public static IServiceCollection AddWebArchive(this IServiceCollection services, IConfiguration configuration, string location)
    {
        services.AddOptions<WaybackOptions>()
            .Bind(configuration.GetSection(WaybackOptions.Section))
            .Configure(o =>
            {
                if (!Directory.Exists(location)) o.BaseUrl = location;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient(WaybackArchive.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(WaybackArchive.CreateHandler);
        services.AddSingleton<IWebArchive>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WaybackOptions>>();
            if (Directory.Exists(location))
            {
                return new WarcArchive(location, options.Value.MaxBodyBytes, sp.GetRequiredService<ILogger<WarcArchive>>());
            }
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(WaybackArchive.HttpClientName);
            return new WaybackArchive(http, options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WaybackArchive>>(),
                sp.GetService<ISharedRateBudget>());
        });
        return services;
    }
}
