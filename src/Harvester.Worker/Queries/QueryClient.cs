using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace Harvester.Worker.Queries;

/// <summary>Sends a read-only command to the worker's <see cref="QueryServer"/> (HTTP on its Unix socket) and relays what it prints.</summary>
public static class QueryClient
{
    /// <summary>
    /// Runs <paramref name="request"/> in the worker listening on <paramref name="socketPath"/>, writing its output and
    /// errors as they come.
    /// </summary>
    /// <returns>The command's exit code; null when no worker answers on the socket (it has just stopped, say).</returns>
    /// <exception cref="IOException">The worker went away before the command finished.</exception>
    public static async Task<int?> TryRunAsync(
        string socketPath, QueryRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var http = Over(socketPath);
        HttpResponseMessage response;
        try
        {
            // Headers only: the answer streams as the command writes it (an export runs for minutes).
            using var message = new HttpRequestMessage(HttpMethod.Post, "/cli") { Content = JsonContent.Create(request, QueryJson.Default.QueryRequest) };
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return null;
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw new IOException($"the worker refused the query ({(int)response.StatusCode})");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var decoders = new Dictionary<byte, Decoder> { [QueryProtocol.Output] = new UTF8Encoding(false).GetDecoder(), [QueryProtocol.Error] = new UTF8Encoding(false).GetDecoder() };
                while (await QueryProtocol.ReadFrameAsync(stream, cancellationToken).ConfigureAwait(false) is var (kind, payload))
                {
                    if (kind == QueryProtocol.Exit)
                    {
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload);
                    }
                    var chars = new char[decoders[kind].GetCharCount(payload, flush: false)];
                    decoders[kind].GetChars(payload, chars, flush: false);
                    await (kind == QueryProtocol.Output ? output : error).WriteAsync(chars, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SocketException or InvalidDataException or HttpRequestException or HttpIOException)
            {
                throw new IOException($"the worker's answer broke off: {e.Message}", e);
            }
        }
        throw new IOException("the worker stopped before the command finished");
    }

    /// <summary>An HTTP client whose every connection goes to the Unix socket at <paramref name="socketPath"/>.</summary>
    public static HttpClient Over(string socketPath) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = new Uri("http://harvester-worker"),
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
