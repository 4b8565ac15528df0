using Harvester.Archive.Warc;
using Harvester.Archive.Wayback;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Archive;

/// <summary>Opens the archive a <c>--archive URL|DIR</c> value names: a folder of WARC files, or a Wayback/pywb base URL.</summary>
public static class ArchiveLocation
{
    /// <param name="shared">The rate group's budget on a shared store, if any.</param>
    public static IWebArchive Open(string location, WaybackOptions? options = null, ILoggerFactory? loggers = null, ISharedRateBudget? shared = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        options ??= new WaybackOptions();
        if (Directory.Exists(location)) return new WarcArchive(location, options.MaxBodyBytes, loggers.CreateLogger<WarcArchive>());
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            options.BaseUrl = location;
            return WaybackArchive.Create(options, loggers.CreateLogger<WaybackArchive>(), shared);
        }
        throw new ArchiveException(ArchiveErrorKind.NotFound, $"{location}: neither a folder of WARC files nor an http(s) archive URL");
    }
}
