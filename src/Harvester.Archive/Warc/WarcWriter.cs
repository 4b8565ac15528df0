using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Harvester.Archive.Warc;

/// <summary>
/// Writes WARC/1.1 records, one gzip member per record (the form pywb and Archive-It use), deterministically:
/// the same records give the same bytes, so generated fixture archives can be checked in and regenerated.
/// </summary>
public sealed class WarcWriter(Stream output, bool compress = true) : IDisposable
{
    public long Position => output.Position;

    /// <summary>A <c>response</c> record holding a whole HTTP response.</summary>
    public (long Offset, long Length) WriteResponse(string uri, string timestamp, int status, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var http = HttpHead(status, headers, body.Length);
        var block = Concat(http, body);
        return Write("response", uri, timestamp, block, [
            new("Content-Type", "application/http; msgtype=response"),
            new("WARC-Payload-Digest", PayloadDigest(body)),
        ]);
    }

    /// <summary>A <c>request</c> record for a GET of <paramref name="uri"/>.</summary>
    public (long Offset, long Length) WriteRequest(string uri, string timestamp)
    {
        var target = new Uri(uri);
        var block = Encoding.ASCII.GetBytes($"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUser-Agent: Harvester fixture builder\r\n\r\n");
        return Write("request", uri, timestamp, block, [new("Content-Type", "application/http; msgtype=request")]);
    }

    /// <summary>An identical-payload <c>revisit</c> record: the capture repeats the payload of an earlier one.</summary>
    public (long Offset, long Length) WriteRevisit(string uri, string timestamp, string refersToTimestamp, int status, IEnumerable<KeyValuePair<string, string>> headers, byte[] originalBody)
    {
        var block = HttpHead(status, headers, originalBody.Length);
        return Write("revisit", uri, timestamp, block, [
            new("Content-Type", "application/http; msgtype=response"),
            new("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
            new("WARC-Payload-Digest", PayloadDigest(originalBody)),
            new("WARC-Refers-To-Target-URI", uri),
            new("WARC-Refers-To-Date", IsoDate(refersToTimestamp)),
        ]);
    }

    /// <summary>A <c>metadata</c> record.</summary>
    public (long Offset, long Length) WriteMetadata(string uri, string timestamp, string text) =>
        Write("metadata", uri, timestamp, Encoding.UTF8.GetBytes(text), [new("Content-Type", "application/warc-fields")]);

    /// <summary>The <c>sha1:BASE32</c> digest the Wayback Machine and pywb index payloads by.</summary>
    public static string PayloadDigest(byte[] payload) => "sha1:" + Base32(SHA1.HashData(payload));

    private (long Offset, long Length) Write(string type, string uri, string timestamp, byte[] block, List<KeyValuePair<string, string>> extra)
    {
        var id = new Guid(SHA1.HashData(Encoding.UTF8.GetBytes(type + " " + uri + " " + timestamp)).AsSpan(0, 16));
        var header = new StringBuilder();
        header.Append("WARC/1.1\r\n");
        header.Append("WARC-Type: ").Append(type).Append("\r\n");
        header.Append("WARC-Record-ID: <urn:uuid:").Append(id.ToString("D")).Append(">\r\n");
        header.Append("WARC-Date: ").Append(IsoDate(timestamp)).Append("\r\n");
        header.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        foreach (var (name, value) in extra) header.Append(name).Append(": ").Append(value).Append("\r\n");
        header.Append("Content-Length: ").Append(block.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var record = Concat(Encoding.UTF8.GetBytes(header.ToString()), block, "\r\n\r\n"u8.ToArray());

        long offset = output.Position;
        if (compress)
        {
            using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
            gzip.Write(record);
        }
        else
        {
            output.Write(record);
        }
        return (offset, output.Position - offset);
    }

    private static byte[] HttpHead(int status, IEnumerable<KeyValuePair<string, string>> headers, int bodyLength)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase(status)).Append("\r\n");
        foreach (var (name, value) in headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        if (!headers.Any(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Content-Length: ").Append(bodyLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        head.Append("\r\n");
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        404 => "Not Found",
        _ => "Status",
    };

    private static string IsoDate(string timestamp) =>
        DateTime.ParseExact(timestamp.PadRight(14, '0'), "yyyyMMddHHmmss", CultureInfo.InvariantCulture).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (var p in parts)
        {
            p.CopyTo(result, at);
            at += p.Length;
        }
        return result;
    }

    private static string Base32(byte[] bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }

    public void Dispose() => output.Flush();
}
