using System.Net.Sockets;

namespace Harvester.Archive;

/// <summary>
/// Checks at start-up that an archive can be reached at all, so a long-running worker with a mistyped URL or a dead
/// network fails in seconds with one line instead of failing every site after every retry. Any HTTP answer counts
/// as reachable (rate limits and server errors are the client's business); no connection does not.
/// </summary>
public static class ArchiveProbe
{
    /// <exception cref="ArchiveException">The folder is missing, or nothing answers at the URL.</exception>
    public static async Task EnsureReachableAsync(string location, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Directory.Exists(location)) return;
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArchiveException(ArchiveErrorKind.NotFound, $"{location}: neither a folder of WARC files nor an http(s) archive URL");
        }
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = timeout }) { Timeout = timeout };
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            var reason = e.InnerException is SocketException socket ? socket.Message : e.Message;
            throw new ArchiveException(ArchiveErrorKind.Unavailable, $"archive {location} is unreachable: {reason}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ArchiveException(ArchiveErrorKind.Unavailable, $"archive {location} is unreachable: no answer within {timeout.TotalSeconds:0} s", e);
        }
    }
}
