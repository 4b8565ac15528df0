using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Harvester.Archive;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>--json</c> on the query commands: one JSON document per command, snake_case names, the schema README lists
/// (stable: fields are added, never renamed or removed). Exit codes are the same as without it.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        // Markdown and URLs stay readable: '<', '&' and non-ASCII are not escaped (this is not embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Serializers generated at build time: the published program is native and compiles none at run time. A type
        // missing from CliJson fails in every build, not only in the published one.
        TypeInfoResolver = CliJson.Default,
    };

    public static Option<bool> Flag() => new("--json") { Description = "Print one JSON document (its schema is in README) instead of text." };

    private static readonly JsonSerializerOptions LineOptions = new(Options) { WriteIndented = false };

    public static Task WriteAsync<T>(TextWriter output, T value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T))));

    /// <summary>One object on one line, for commands that stream a list (JSON Lines).</summary>
    public static Task WriteLineAsync<T>(TextWriter output, T value) =>
        output.WriteLineAsync(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)LineOptions.GetTypeInfo(typeof(T))));

    public static VersionJson Version(VersionRecord v, bool withMarkdown = false) => new(
        v.Site, v.Number, v.FirstInterval, v.LastInterval, v.Intervals, v.PolicyUrl, v.PolicyTimestamp, v.SnapshotUrl, v.HomeTimestamp,
        v.Title, v.TextHash, v.NearDuplicateOf, v.PayloadSha256, v.ExtractorVersion, withMarkdown ? v.Markdown : null);
}

/// <summary>One version with its provenance; <see cref="Markdown"/> only where the command prints the text.</summary>
internal sealed record VersionJson(
    string Site, int Version, string FirstInterval, string LastInterval, IReadOnlyList<string> Intervals, string PolicyUrl,
    string PolicyTimestamp, string SnapshotUrl, string HomeTimestamp, string Title, string TextSha256, int? NearDuplicateOf,
    string PayloadSha256, string Extractor, string? Markdown);

/// <summary>One crawled half-year and what it gave.</summary>
internal sealed record HalfYearJson(string Interval, string Outcome, int? Version, string? Detail, string? HomeTimestamp, string? PolicyUrl, string? PolicyTimestamp);

/// <summary><c>versions --json</c>.</summary>
internal sealed record VersionsJson(string Site, IReadOnlyList<VersionJson> Versions, IReadOnlyList<HalfYearJson> HalfYears);

/// <summary><c>search --json</c>: <see cref="Complete"/> is false when <c>--limit</c> cut the list short.</summary>
internal sealed record SearchJson(string Query, string? Site, bool Complete, IReadOnlyList<SearchHitJson> Hits);

internal sealed record SearchHitJson(string Site, int Version, string FirstInterval, string LastInterval, string PolicyUrl, string Snippet);

/// <summary><c>diff --json</c>: the changed lines in order, each "+" (in <see cref="To"/> only) or "-" (in <see cref="From"/> only).</summary>
internal sealed record DiffJson(string Site, VersionJson From, VersionJson To, IReadOnlyList<DiffLineJson> Lines);

internal sealed record DiffLineJson(string Op, string Text);

/// <summary>Every document <c>--json</c> prints; its naming and escaping come from <see cref="JsonOutput"/>'s options.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(VersionJson))]
[JsonSerializable(typeof(VersionsJson))]
[JsonSerializable(typeof(SearchJson))]
[JsonSerializable(typeof(DiffJson))]
[JsonSerializable(typeof(StatusJson))]
[JsonSerializable(typeof(ClusterStatusJson))]
[JsonSerializable(typeof(Capture))]
internal sealed partial class CliJson : JsonSerializerContext;
