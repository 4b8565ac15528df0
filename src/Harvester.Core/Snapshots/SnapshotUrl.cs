using System.Globalization;
using System.Text;

namespace Harvester.Core.Snapshots;

/// <summary>Wayback Machine snapshot addresses: <c>https://web.archive.org/web/TIMESTAMPid_/ENCODED_URL</c>.</summary>
public static class SnapshotUrl
{
    public const string DefaultArchiveBase = "https://web.archive.org";

    /// <summary>Python's <c>urllib.parse.quote(url, safe='/')</c>: UTF-8, upper-case hex, <c>A-Za-z0-9_.-~/</c> kept.</summary>
    public static string Quote(string url)
    {
        var sb = new StringBuilder(url.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(url))
        {
            char c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '.' or '-' or '~' or '/')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>The original-bytes (<c>id_</c>) address of a capture, in the dataset's encoding.</summary>
    public static string Build(string timestamp, string originalUrl, string archiveBase = DefaultArchiveBase) =>
        archiveBase.TrimEnd('/') + "/web/" + timestamp + "id_/" + Quote(originalUrl);

    /// <summary>Splits a snapshot address into its timestamp and the original URL (percent-decoded).</summary>
    public static bool TryParse(string snapshotUrl, out string timestamp, out string originalUrl)
    {
        timestamp = originalUrl = string.Empty;
        int web = snapshotUrl.IndexOf("/web/", StringComparison.Ordinal);
        if (web < 0) return false;
        int start = web + 5;
        int end = start;
        while (end < snapshotUrl.Length && char.IsAsciiDigit(snapshotUrl[end])) end++;
        if (end - start < 4) return false;
        timestamp = snapshotUrl[start..end];
        int slash = snapshotUrl.IndexOf('/', end);
        if (slash < 0) return false;
        originalUrl = Uri.UnescapeDataString(snapshotUrl[(slash + 1)..]);
        return originalUrl.Length > 0;
    }

    /// <summary>The capture date of a 4-to-14-digit Wayback timestamp.</summary>
    public static DateOnly DateOf(string timestamp)
    {
        if (timestamp.Length < 8 || !timestamp.All(char.IsAsciiDigit) ||
            !DateOnly.TryParseExact(timestamp[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new FormatException($"'{timestamp}' is not a Wayback timestamp (YYYYMMDD[hhmmss])");
        }
        return date;
    }
}
