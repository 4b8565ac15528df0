using System.Globalization;
using System.Text.Json;

namespace Harvester.Archive.Wayback;

/// <summary>
/// Parses CDX server answers: the Wayback Machine's JSON arrays (first row the field names; an empty row, then
/// the resume key, when more pages follow) and pywb's JSON lines (one object per capture).
/// </summary>
internal static class CdxResponseParser
{
    public sealed record Page(IReadOnlyList<Capture> Captures, string? ResumeKey);

    public static Page Parse(byte[] body)
    {
        var span = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (span.Length == 0) return new Page([], null);
        try
        {
            return span[0] == (byte)'[' ? ParseArrays(body) : ParseLines(body);
        }
        catch (JsonException e)
        {
            throw new ArchiveException(ArchiveErrorKind.Corrupt, $"unreadable CDX answer: {e.Message}", e);
        }
    }

    private static Page ParseArrays(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var rows = json.RootElement.EnumerateArray().ToList();
        if (rows.Count == 0) return new Page([], null);
        var names = rows[0].EnumerateArray().Select(n => n.GetString() ?? string.Empty).ToList();
        int Index(string name) => names.IndexOf(name);
        int ts = Index("timestamp"), url = Index("original"), mime = Index("mimetype"), status = Index("statuscode"), digest = Index("digest"), length = Index("length");
        if (ts < 0 || url < 0) throw new ArchiveException(ArchiveErrorKind.Corrupt, "CDX answer lacks timestamp or original fields");
        var captures = new List<Capture>();
        string? resumeKey = null;
        for (int i = 1; i < rows.Count; i++)
        {
            var row = rows[i].EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()).ToList();
            if (row.Count == 0)
            {
                if (i + 1 < rows.Count) resumeKey = rows[i + 1].EnumerateArray().FirstOrDefault().GetString();
                break;
            }
            string Field(int index) => index >= 0 && index < row.Count ? row[index] : "-";
            if (ToCapture(Field(ts), Field(url), Field(mime), Field(status), Field(digest), Field(length)) is { } capture) captures.Add(capture);
        }
        return new Page(captures, resumeKey);
    }

    private static Page ParseLines(byte[] body)
    {
        var captures = new List<Capture>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(body).Split('\n'))
        {
            if (line.Trim().Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var o = json.RootElement;
            string Field(params string[] names)
            {
                foreach (var n in names)
                {
                    if (o.TryGetProperty(n, out var v)) return v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
                }
                return "-";
            }
            if (ToCapture(Field("timestamp"), Field("url", "original"), Field("mime", "mimetype"), Field("status", "statuscode"), Field("digest"), Field("length")) is { } capture)
            {
                captures.Add(capture);
            }
        }
        return new Page(captures, null);
    }

    /// <summary>A capture, or null for a row the original crawl dropped (no length).</summary>
    private static Capture? ToCapture(string timestamp, string url, string mime, string status, string digest, string length)
    {
        if (!long.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return null;
        int? code = int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        return new Capture(timestamp, url, mime, code, digest, size);
    }
}
