using System.Globalization;
using System.Text;

namespace Harvester.Archive.Warc;

/// <summary>Reads one WARC/1.0 or WARC/1.1 record (version line, fields, block, trailing CRLF CRLF) from a stream.</summary>
internal static class WarcRecordParser
{
    private const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The record at the stream's position, or null at the end of the stream.</summary>
    public static WarcRecord? Read(Stream stream, long maxBlockBytes = long.MaxValue)
    {
        string? version;
        do
        {
            version = ReadLine(stream);
            if (version is null) return null;
        }
        while (version.Length == 0);
        if (!version.StartsWith("WARC/", StringComparison.Ordinal)) throw new WarcFormatException($"expected a WARC version line, found '{Shorten(version)}'");

        var fields = new List<KeyValuePair<string, string>>();
        int headerBytes = 0;
        while (true)
        {
            var line = ReadLine(stream) ?? throw new WarcFormatException("record ends inside its header");
            if (line.Length == 0) break;
            headerBytes += line.Length;
            if (headerBytes > MaxHeaderBytes) throw new WarcFormatException("record header over 64 KiB");
            if ((line[0] == ' ' || line[0] == '\t') && fields.Count > 0)
            {
                var last = fields[^1];
                fields[^1] = new(last.Key, last.Value + " " + line.Trim());
                continue;
            }
            int colon = line.IndexOf(':');
            if (colon <= 0) throw new WarcFormatException($"malformed header line '{Shorten(line)}'");
            fields.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        var lengthText = fields.FirstOrDefault(f => f.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new WarcFormatException("record has no valid Content-Length");
        }
        if (length > maxBlockBytes) throw new WarcFormatException($"record block of {length:N0} bytes is over the limit");
        var block = new byte[length];
        stream.ReadExactly(block);
        // The block is followed by CRLF CRLF; tolerate writers that end with fewer.
        for (int i = 0; i < 4; i++)
        {
            int b = stream.ReadByte();
            if (b < 0) break;
            if (b != '\r' && b != '\n') throw new WarcFormatException("record block does not end with CRLF CRLF (Content-Length wrong?)");
        }
        return new WarcRecord(version, fields, block);
    }

    private static string? ReadLine(Stream stream)
    {
        var bytes = new List<byte>(128);
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) return bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray());
            if (b == '\n')
            {
                if (bytes.Count > 0 && bytes[^1] == '\r') bytes.RemoveAt(bytes.Count - 1);
                return Encoding.UTF8.GetString(bytes.ToArray());
            }
            bytes.Add((byte)b);
            if (bytes.Count > MaxHeaderBytes) throw new WarcFormatException("header line over 64 KiB");
        }
    }

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "..." : s;
}
