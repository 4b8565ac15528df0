using System.Text.Json.Serialization;
using Harvester.Core.Versioning;
using Harvester.Storage;

namespace Harvester.Web.Api;

public sealed record SitePage(IReadOnlyList<SiteSummary> Sites, int Total, string? Next);

public sealed record HalfYearJson(string HalfYear, string Outcome, string? Detail, int? Version, string? HomeTimestamp, string? PolicyUrl, string? PolicyTimestamp);

public sealed record VersionJson(
    string Site, int Number, string PolicyUrl, string PolicyTimestamp, string SnapshotUrl, string HomeTimestamp, string Title,
    string TextHash, long SimHash, int? NearDuplicateOf, string ExtractorVersion, string PayloadSha256, string? Charset,
    string FirstInterval, string LastInterval, IReadOnlyList<string> Intervals, DateTime CreatedAt, int Length)
{
    public static VersionJson From(VersionRecord v) => new(v.Site, v.Number, v.PolicyUrl, v.PolicyTimestamp, v.SnapshotUrl, v.HomeTimestamp, v.Title,
        v.TextHash, v.SimHash, v.NearDuplicateOf, v.ExtractorVersion, v.PayloadSha256, v.Charset, v.FirstInterval, v.LastInterval, v.Intervals,
        v.CreatedAt, PolicyText.BodyLength(v.Markdown));
}

public sealed record SiteJson(string Domain, string State, int FromYear, int ToYear, IReadOnlyList<HalfYearJson> HalfYears, IReadOnlyList<VersionJson> Versions);

public sealed record DiffJson(string Site, VersionJson From, VersionJson To, IReadOnlyList<DiffHunk> Hunks);

public sealed record SearchHitJson(string Site, int Number, string PolicyTimestamp, string FirstInterval, string LastInterval, Snippet Snippet);

public sealed record SearchJson(string Query, string? Site, IReadOnlyList<SearchHitJson> Hits, string? Next);

public sealed record StatusJson(
    string Store, IReadOnlyDictionary<string, int> Sites, IReadOnlyDictionary<string, int> Jobs, int Versions,
    IReadOnlyDictionary<string, int> HalfYears, IReadOnlyDictionary<string, int> FailuresByReason, int SitesDoneLastHour,
    IReadOnlyList<WorkerJson> Workers);

public sealed record WorkerJson(string Host, int ProcessId, string RateGroup, string State, int InFlight, DateTime HeartbeatAt);

/// <summary>One line of <c>/api/export.jsonl</c>.</summary>
public sealed record ExportLine(VersionJson Version, string Markdown);

/// <summary>
/// Every document the API writes, in the web defaults (camelCase), with serializers generated at build time: the
/// published program is native and compiles none at run time.
/// </summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SitePage))]
[JsonSerializable(typeof(SiteJson))]
[JsonSerializable(typeof(VersionJson))]
[JsonSerializable(typeof(DiffJson))]
[JsonSerializable(typeof(SearchJson))]
[JsonSerializable(typeof(StatusJson))]
[JsonSerializable(typeof(ExportLine))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
internal sealed partial class WebJson : JsonSerializerContext;
