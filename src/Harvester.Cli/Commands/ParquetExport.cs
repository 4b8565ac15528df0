using System.Text.Json.Serialization;
using Harvester.Storage;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>export --format parquet</c>: <c>DIR/policies.parquet</c>, one row per version with every provenance field and its
/// Markdown, for pandas, DuckDB and Spark; Snappy-compressed, as Spark writes by default (Zstd took four times as long). Written in row groups of <see cref="RowGroup"/> versions appended one after
/// another, so a store of any size streams through. The schema is <see cref="PolicyRow"/>'s, as Parquet.Net's serializer
/// reads it back; the columns are written one by one through the low-level writer, because the serializer compiles
/// expression trees that the published native program cannot run.
/// </summary>
internal static class ParquetExport
{
    private const int RowGroup = 5_000;

    private static readonly ParquetSchema Schema = typeof(PolicyRow).GetParquetSchema(forWriting: true);

    public static Task<int> WriteAsync(IEnumerable<VersionRecord> versions, string path, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, async file =>
        {
            int count = 0;
            await using var writer = await ParquetWriter.CreateAsync(Schema, file, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy },
                cancellationToken: cancellationToken);
            foreach (var chunk in versions.Select(Row).Chunk(RowGroup))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await WriteRowGroupAsync(writer, chunk, cancellationToken);
                count += chunk.Length;
            }
            // An empty store still gives a readable file with the schema.
            if (count == 0) await WriteRowGroupAsync(writer, [], cancellationToken);
            return count;
        }, cancellationToken);

    private static async Task WriteRowGroupAsync(ParquetWriter writer, PolicyRow[] rows, CancellationToken cancellationToken)
    {
        using var group = writer.CreateRowGroup();
        foreach (var field in Schema.DataFields)
        {
            switch (field.Path.FirstPart)
            {
                case "version":
                    await group.WriteAsync<int>(field, rows.Select(r => r.Version).ToArray(), cancellationToken: cancellationToken);
                    break;
                case "near_duplicate_of":
                    await group.WriteAsync<int>(field, rows.Select(r => r.NearDuplicateOf).ToArray(), cancellationToken: cancellationToken);
                    break;
                case "intervals":
                    // A list column: its elements one after another, a repetition level of 0 starting each row's list.
                    var elements = new List<string>();
                    var levels = new List<int>();
                    foreach (var row in rows)
                    {
                        // Every version covers a half-year at least: an empty list would shift the rows that follow.
                        if (row.Intervals.Count == 0) throw new InvalidOperationException($"{row.Site} v{row.Version} covers no half-year");
                        for (int i = 0; i < row.Intervals.Count; i++)
                        {
                            elements.Add(row.Intervals[i]);
                            levels.Add(i == 0 ? 0 : 1);
                        }
                    }
                    await group.WriteAsync(field, elements, levels.ToArray());
                    break;
                default:
                    var text = TextColumns[field.Path.FirstPart!];
                    await group.WriteAsync(field, rows.Select(text).ToArray(), null);
                    break;
            }
        }
    }

    private static readonly Dictionary<string, Func<PolicyRow, string>> TextColumns = new(StringComparer.Ordinal)
    {
        ["site"] = r => r.Site, ["first_interval"] = r => r.FirstInterval, ["last_interval"] = r => r.LastInterval,
        ["policy_url"] = r => r.PolicyUrl, ["policy_timestamp"] = r => r.PolicyTimestamp, ["snapshot_url"] = r => r.SnapshotUrl,
        ["home_timestamp"] = r => r.HomeTimestamp, ["title"] = r => r.Title, ["text_sha256"] = r => r.TextSha256,
        ["simhash"] = r => r.SimHash, ["payload_sha256"] = r => r.PayloadSha256, ["extractor"] = r => r.Extractor,
        ["markdown"] = r => r.Markdown,
    };

    private static PolicyRow Row(VersionRecord v) => new()
    {
        Site = v.Site, Version = v.Number, FirstInterval = v.FirstInterval, LastInterval = v.LastInterval, Intervals = v.Intervals,
        PolicyUrl = v.PolicyUrl, PolicyTimestamp = v.PolicyTimestamp, SnapshotUrl = v.SnapshotUrl, HomeTimestamp = v.HomeTimestamp,
        Title = v.Title, TextSha256 = v.TextHash, SimHash = ((ulong)v.SimHash).ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
        NearDuplicateOf = v.NearDuplicateOf, PayloadSha256 = v.PayloadSha256, Extractor = v.ExtractorVersion, Markdown = v.Markdown,
    };
}

/// <summary>One row of <c>policies.parquet</c>; the column names are the JSON Lines export's.</summary>
internal sealed class PolicyRow
{
    [JsonPropertyName("site")] public string Site { get; set; } = string.Empty;
    [JsonPropertyName("version")] public int Version { get; set; }
    [JsonPropertyName("first_interval")] public string FirstInterval { get; set; } = string.Empty;
    [JsonPropertyName("last_interval")] public string LastInterval { get; set; } = string.Empty;
    [JsonPropertyName("intervals")] public List<string> Intervals { get; set; } = [];
    [JsonPropertyName("policy_url")] public string PolicyUrl { get; set; } = string.Empty;
    [JsonPropertyName("policy_timestamp")] public string PolicyTimestamp { get; set; } = string.Empty;
    [JsonPropertyName("snapshot_url")] public string SnapshotUrl { get; set; } = string.Empty;
    [JsonPropertyName("home_timestamp")] public string HomeTimestamp { get; set; } = string.Empty;
    [JsonPropertyName("title")] public string Title { get; set; } = string.Empty;
    [JsonPropertyName("text_sha256")] public string TextSha256 { get; set; } = string.Empty;
    [JsonPropertyName("simhash")] public string SimHash { get; set; } = string.Empty;
    [JsonPropertyName("near_duplicate_of")] public int? NearDuplicateOf { get; set; }
    [JsonPropertyName("payload_sha256")] public string PayloadSha256 { get; set; } = string.Empty;
    [JsonPropertyName("extractor")] public string Extractor { get; set; } = string.Empty;
    [JsonPropertyName("markdown")] public string Markdown { get; set; } = string.Empty;
}
