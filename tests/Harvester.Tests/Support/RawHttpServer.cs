using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Harvester.Tests.Support;

/// <summary>What <see cref="RawHttpServer"/> does with one request.</summary>
internal abstract record RawReply
{
    /// <summary>A complete response with these bytes as body.</summary>
    public sealed record Full(int Status, byte[] Body, string ContentType = "text/html") : RawReply;
    /// <summary>Headers announcing <paramref name="DeclaredLength"/> bytes, then only <paramref name="Sent"/>, then the connection closes.</summary>
    public sealed record Truncated(int DeclaredLength, byte[] Sent) : RawReply;
    /// <summary>The connection is reset (RST) without an answer.</summary>
    public sealed record Reset : RawReply;
    /// <summary>No answer at all until the client gives up.</summary>
    public sealed record Silence : RawReply;
}

/// <summary>
/// An HTTP/1.1 server on loopback made of a bare socket, for the transport faults an HTTP mock cannot fake
/// reliably: resets, truncated bodies, silence. One request per connection.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, int, RawReply> _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public RawHttpServer(Func<string, int, RawReply> reply)
    {
        _reply = reply;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                int n;
                try
                {
                    n = await stream.ReadAsync(buffer, _stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                if (n == 0) return;
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            var path = head.ToString().Split(' ')[1];
            int index = Interlocked.Increment(ref _requests) - 1;
            switch (_reply(path, index))
            {
                case RawReply.Full full:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 {full.Status} X\r\nContent-Type: {full.ContentType}\r\nContent-Length: {full.Body.Length}\r\nConnection: close\r\n\r\n"));
                    await stream.WriteAsync(full.Body);
                    break;
                case RawReply.Truncated truncated:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {truncated.DeclaredLength}\r\nConnection: close\r\n\r\n"));
                    await stream.WriteAsync(truncated.Sent);
                    break;
                case RawReply.Reset:
                    client.Client.LingerState = new LingerOption(true, 0);
                    break;
                case RawReply.Silence:
                    try
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
