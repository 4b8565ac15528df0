using System.Security.Cryptography;
using System.Text;

namespace Harvester.Worker.Queries;

/// <summary>Where a worker listens for queries on its database.</summary>
public static class QuerySocket
{
    /// <summary>Unix socket paths are limited to 108 bytes (including the terminating NUL) on Linux.</summary>
    private const int MaxPathBytes = 100;

    /// <summary>
    /// <c>DATABASE.sock</c> beside the database; when that path is too long for a Unix socket, a file in the temporary
    /// folder named by a hash of the database's path. The worker records the path it chose in its heartbeat.
    /// </summary>
    public static string PathFor(string databasePath)
    {
        var beside = Path.GetFullPath(databasePath) + ".sock";
        if (Encoding.UTF8.GetByteCount(beside) <= MaxPathBytes) return beside;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(databasePath))))[..16];
        return Path.Combine(Path.GetTempPath(), $"harvester-{hash}.sock");
    }
}
