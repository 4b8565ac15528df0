using System.Text.Json;

namespace Harvester.Storage.LiteDb;

/// <summary>
/// Requests for a running worker, which alone may write the database: <c>harvester add</c> and <c>retry</c> drop a
/// small JSON file into <c>DATABASE.inbox/</c> (written aside, then renamed, so the worker never reads half of one)
/// and the worker carries it out within a poll interval, then deletes it. Carrying one out twice (a crash between
/// doing and deleting) does no harm: adding a site again and retrying again are idempotent.
/// </summary>
public static class SiteInbox
{
    public static string FolderFor(string databasePath) => databasePath + ".inbox";

    /// <summary>Leaves a request for the worker; returns the file's path.</summary>
    public static string Drop(string databasePath, InboxRequest request)
    {
        var folder = FolderFor(databasePath);
        Directory.CreateDirectory(folder);
        var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(folder, name + ".tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(request, InboxJson.Default.InboxRequest));
        var path = Path.Combine(folder, name + ".json");
        File.Move(temporary, path);
        return path;
    }

    /// <summary>The waiting requests, oldest first; a file that cannot be parsed comes back with a null request.</summary>
    public static IReadOnlyList<(string Path, InboxRequest? Request)> Pending(string databasePath)
    {
        var folder = FolderFor(databasePath);
        if (!Directory.Exists(folder)) return [];
        var requests = new List<(string, InboxRequest?)>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            InboxRequest? request;
            try
            {
                request = JsonSerializer.Deserialize(File.ReadAllText(path), InboxJson.Default.InboxRequest);
            }
            catch (JsonException)
            {
                request = null;
            }
            requests.Add((path, request));
        }
        return requests;
    }
}

/// <summary>One request for the worker: <c>add</c> sites over years, or <c>retry</c> failed jobs (of one site, or all).</summary>
/// <param name="FromYear">The first year asked for; null keeps a scheduled site's own (see <see cref="LiteDbSiteStore.Add"/>).</param>
public sealed record InboxRequest(string Kind, IReadOnlyList<string> Domains, int? FromYear = null, int? ToYear = null)
{
    public const string Add = "add";
    public const string Retry = "retry";
}

/// <summary>The JSON of an inbox request, generated at build time (the published program compiles no serializers at run time).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(InboxRequest))]
internal sealed partial class InboxJson : System.Text.Json.Serialization.JsonSerializerContext;
