using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Harvester.Archive.Warc;

/// <summary>
/// The CDXJ index of a folder of WARC files (<c>index.cdxj</c>, sorted by URL key and timestamp): built from the
/// WARC files when missing or older than them, loaded into memory for lookups.
/// </summary>
public sealed class CdxjIndex
{
    public const string FileName = "index.cdxj";

    private readonly Dictionary<string, List<CdxjEntry>> _byKey;
    private readonly Dictionary<string, List<CdxjEntry>> _byDigest;

    private CdxjIndex(IReadOnlyList<CdxjEntry> entries)
    {
        Entries = entries;
        _byKey = entries.GroupBy(e => e.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Timestamp, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        _byDigest = entries.Where(e => !e.IsRevisit).GroupBy(e => e.Digest, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public IReadOnlyList<CdxjEntry> Entries { get; }

    public IReadOnlyList<CdxjEntry> Lookup(string key) => _byKey.TryGetValue(key, out var list) ? list : [];

    /// <summary>The response records holding a payload with this digest.</summary>
    public IReadOnlyList<CdxjEntry> WithDigest(string digest) => _byDigest.TryGetValue(digest, out var list) ? list : [];

    /// <summary>True when the index file is missing or older than a WARC file of the folder.</summary>
    public static bool IsStale(string folder)
    {
        var index = Path.Combine(folder, FileName);
        if (!File.Exists(index)) return true;
        var built = File.GetLastWriteTimeUtc(index);
        return WarcFiles(folder).Any(f => File.GetLastWriteTimeUtc(f) > built);
    }

    public static IEnumerable<string> WarcFiles(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".warc", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".warc.gz", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>Reads every WARC file of <paramref name="folder"/> and writes <c>index.cdxj</c>; corrupt records are reported and skipped.</summary>
    public static (CdxjIndex Index, IReadOnlyList<WarcReadError> Errors) Build(string folder)
    {
        var errors = new List<WarcReadError>();
        var entries = new List<CdxjEntry>();
        foreach (var file in WarcFiles(folder))
        {
            var name = Path.GetFileName(file);
            foreach (var (offset, length, record) in WarcFileReader.ReadAll(file, errors.Add))
            {
                if (record.Type is not ("response" or "revisit")) continue;
                var uri = record.TargetUri;
                var timestamp = record.Timestamp;
                if (uri is null || timestamp is null || !(uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }
                string mime = "warc/revisit", status = "-";
                var digest = record["WARC-Payload-Digest"] ?? string.Empty;
                if (record.Type == "response")
                {
                    try
                    {
                        var payload = HttpPayload.Parse(record.Block, long.MaxValue);
                        status = payload.Status.ToString(CultureInfo.InvariantCulture);
                        mime = payload.Headers.TryGetValue("Content-Type", out var ct) ? ct.Split(';')[0].Trim().ToLowerInvariant() : "unk";
                        if (digest.Length == 0) digest = WarcWriter.PayloadDigest(payload.Body);
                    }
                    catch (WarcFormatException e)
                    {
                        errors.Add(new WarcReadError(file, offset, e.Message));
                        continue;
                    }
                }
                entries.Add(new CdxjEntry(UrlKey.For(uri), timestamp, uri, mime, status, digest, length, offset, name));
            }
        }
        entries.Sort((a, b) =>
        {
            int c = string.CompareOrdinal(a.Key, b.Key);
            return c != 0 ? c : string.CompareOrdinal(a.Timestamp, b.Timestamp);
        });
        Write(Path.Combine(folder, FileName), entries);
        return (new CdxjIndex(entries), errors);
    }

    public static CdxjIndex Load(string path)
    {
        var entries = new List<CdxjEntry>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '!') continue;
            int first = line.IndexOf(' ');
            int second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
            if (second < 0) throw new ArchiveException(ArchiveErrorKind.Corrupt, $"{path}:{lineNumber}: not a CDXJ line");
            try
            {
                using var json = JsonDocument.Parse(line.AsMemory(second + 1));
                var o = json.RootElement;
                entries.Add(new CdxjEntry(
                    line[..first], line[(first + 1)..second],
                    Text(o, "url"), Text(o, "mime"), Text(o, "status"), Text(o, "digest"),
                    long.Parse(Text(o, "length"), CultureInfo.InvariantCulture), long.Parse(Text(o, "offset"), CultureInfo.InvariantCulture),
                    Text(o, "filename")));
            }
            catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException)
            {
                throw new ArchiveException(ArchiveErrorKind.Corrupt, $"{path}:{lineNumber}: {e.Message}", e);
            }
        }
        return new CdxjIndex(entries);
    }

    private static string Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : throw new KeyNotFoundException($"field '{name}' missing");

    /// <summary>
    /// Writes the index beside the WARC files through a temporary file of this process's own, renamed into place: workers
    /// on one machine that open the same archive at once each build it, and the last rename wins with the same content.
    /// </summary>
    private static void Write(string path, List<CdxjEntry> entries)
    {
        var temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp";
        try
        {
            WriteTo(temporary, entries);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void WriteTo(string temporary, List<CdxjEntry> entries)
    {
        using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            foreach (var e in entries)
            {
                var json = JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal)
                {
                    ["url"] = e.Url,
                    ["mime"] = e.Mime,
                    ["status"] = e.Status,
                    ["digest"] = e.Digest,
                    ["length"] = e.Length.ToString(CultureInfo.InvariantCulture),
                    ["offset"] = e.Offset.ToString(CultureInfo.InvariantCulture),
                    ["filename"] = e.Filename,
                }, CdxjJson.Default.SortedDictionaryStringString);
                writer.WriteLine($"{e.Key} {e.Timestamp} {json}");
            }
        }
    }
}

/// <summary>The JSON of an index line, generated at build time (the published program compiles no serializers at run time).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class CdxjJson : System.Text.Json.Serialization.JsonSerializerContext;
