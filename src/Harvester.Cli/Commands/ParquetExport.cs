using System.Text.Json.Serialization;
using Harvester.Storage;
using Parquet;
using Parquet.Serialization;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>export --format parquet</c>: <c>DIR/policies.parquet</c>, one row per version with every provenance field and its
/// Markdown, for pandas, DuckDB and Spark; Snappy-compressed, as Spark writes by default (Zstd took four times as long). Written in row groups of <see cref="RowGroup"/> versions appended one after
/// another, so a store of any size streams through.
/// </summary>
internal static class ParquetExport
{
    private const int RowGroup = 5_000;

    public static Task<int> WriteAsync(IEnumerable<VersionRecord> versions, string path, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, async file =>
        {
            int count = 0;
            bool first = true;
            foreach (var chunk in versions.Select(Row).Chunk(RowGroup))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ParquetSerializer.SerializeAsync(chunk, file, new ParquetOptions { Append = !first, CompressionMethod = CompressionMethod.Snappy },
                    cancellationToken: cancellationToken);
                first = false;
                count += chunk.Length;
            }
            // An empty store still gives a readable file with the schema.
            if (first) await ParquetSerializer.SerializeAsync(Array.Empty<PolicyRow>(), file, new ParquetOptions(), cancellationToken: cancellationToken);
            return count;
        }, cancellationToken);

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
