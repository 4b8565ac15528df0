using System.Diagnostics;
using System.Globalization;

namespace Harvester.Crawl;

/// <summary>
/// Names the holder of a job lease (<c>machine:pid:nonce</c>) and tells when that holder has certainly stopped:
/// a process of this machine that no longer runs. Such a lease is taken back at once instead of running out.
/// </summary>
public static class LeaseOwner
{
    public static string ForThisProcess() =>
        $"{Environment.MachineName}:{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}:{Guid.NewGuid():N}";

    public static bool IsGone(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }
}
