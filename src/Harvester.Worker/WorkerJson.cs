using System.Text.Json.Serialization;
using Harvester.Worker.Queries;

namespace Harvester.Worker;

/// <summary>
/// The worker's JSON (its heartbeat file, a forwarded command), generated at build time: the published program is
/// native and compiles no serializers at run time.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkerHeartbeat))]
internal sealed partial class WorkerJson : JsonSerializerContext;

/// <summary>A forwarded command line, in the web defaults (camelCase) it always had.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(QueryRequest))]
internal sealed partial class QueryJson : JsonSerializerContext;
