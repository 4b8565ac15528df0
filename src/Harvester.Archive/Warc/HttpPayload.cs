using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Harvester.Archive.Warc;

/// <summary>An HTTP response as a WARC record stores it: status, headers, body (transfer and content encodings undone).</summary>
internal sealed record HttpPayload(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public static HttpPayload Parse(byte[] block, long maxBodyBytes)
    {
        int headEnd = IndexOf(block, "\r\n\r\n"u8);
        int separator = 4;
        if (headEnd < 0)
        {
            headEnd = IndexOf(block, "\n\n"u8);
            separator = 2;
        }
        if (headEnd < 0) headEnd = block.Length;
        var head = Encoding.Latin1.GetString(block, 0, headEnd).Split('\n');
        var statusLine = head[0].TrimEnd('\r').Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal) ||
            !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new WarcFormatException("response record does not hold an HTTP response");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in head.Skip(1))
        {
            var line = raw.TrimEnd('\r');
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
        int bodyStart = Math.Min(block.Length, headEnd + separator);
        var body = block.AsSpan(bodyStart).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)) body = Dechunk(body);
        if (headers.TryGetValue("Content-Encoding", out var ce)) body = Decode(body, ce.Trim().ToLowerInvariant(), maxBodyBytes);
        if (body.Length > maxBodyBytes) throw new ArchiveException(ArchiveErrorKind.TooLarge, $"body of {body.Length:N0} bytes is over the {maxBodyBytes:N0}-byte limit");
        return new HttpPayload(status, headers, body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream(body.Length);
        int at = 0;
        while (at < body.Length)
        {
            int lineEnd = IndexOf(body.AsSpan(at), "\r\n"u8);
            if (lineEnd < 0) break;
            var sizeText = Encoding.ASCII.GetString(body, at, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0) break;
            at += lineEnd + 2;
            if (size == 0) break;
            size = Math.Min(size, body.Length - at);
            output.Write(body, at, size);
            at += size + 2;
        }
        return output.ToArray();
    }

    private static byte[] Decode(byte[] body, string encoding, long maxBodyBytes)
    {
        Stream? decoder = encoding switch
        {
            "gzip" or "x-gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "deflate" => new ZLibStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => null,
        };
        if (decoder is null) return body;
        try
        {
            using (decoder)
            using (var output = new MemoryStream())
            {
                var buffer = new byte[81920];
                int read;
                while ((read = decoder.Read(buffer)) > 0)
                {
                    output.Write(buffer, 0, read);
                    if (output.Length > maxBodyBytes) throw new ArchiveException(ArchiveErrorKind.TooLarge, $"decoded body is over the {maxBodyBytes:N0}-byte limit");
                }
                return output.ToArray();
            }
        }
        catch (InvalidDataException)
        {
            return body; // mislabelled encoding: keep the bytes as stored
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
