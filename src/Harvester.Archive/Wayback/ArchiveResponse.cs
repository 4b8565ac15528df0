using System.Net;

namespace Harvester.Archive.Wayback;

/// <summary>A complete HTTP answer from the archive: status, all headers, the whole body.</summary>
internal sealed record ArchiveResponse(Uri RequestUri, HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, byte[] Body, TimeSpan? RetryAfter)
{
    public int StatusCode => (int)Status;
    public bool IsTransientFailure => StatusCode == 429 || StatusCode >= 500;
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}
