using System.Net.Sockets;
using System.Text;

namespace Harvester.Worker.Queries;

/// <summary>Sends a read-only command to the worker's <see cref="QueryServer"/> and relays what it prints.</summary>
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
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return null;
        }
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await QueryProtocol.WriteRequestAsync(stream, request, cancellationToken).ConfigureAwait(false);
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
        catch (Exception e) when (e is SocketException or InvalidDataException)
        {
            throw new IOException($"the worker's answer broke off: {e.Message}", e);
        }
        throw new IOException("the worker stopped before the command finished");
    }
}
