using System.Security.Cryptography;
using System.Text;

namespace Harvester.Worker.Queries;

/// <summary>Where a worker listens for queries on its database.</summary>
public static class QuerySocket
{
    /// <summary>Unix socket paths are limited to 108 bytes (including the terminating NUL) on Linux.</summary>
    private const int MaxPathBytes = 100;

    /// <summary>
    /// Where to listen, in order: <c>DATABASE.sock</c> beside the database, unless that path is too long for a Unix
    /// socket; then a file in the temporary folder named by a hash of the database's path (also the fallback where
    /// the database's filesystem cannot hold a socket). The worker records the one it got in its heartbeat.
    /// </summary>
    public static IReadOnlyList<string> CandidatesFor(string databasePath)
    {
        var full = Path.GetFullPath(databasePath);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..16];
        var temporary = Path.Combine(Path.GetTempPath(), $"harvester-{hash}.sock");
        var beside = full + ".sock";
        return Encoding.UTF8.GetByteCount(beside) <= MaxPathBytes ? [beside, temporary] : [temporary];
    }
}
