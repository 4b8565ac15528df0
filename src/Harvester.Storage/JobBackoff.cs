namespace Harvester.Storage;

/// <summary>How long a failed job waits before its next attempt: 30 s, 2 min, 8 min, 32 min… (every backend the same).</summary>
public static class JobBackoff
{
    public static TimeSpan After(int attempts) => TimeSpan.FromSeconds(30 * Math.Pow(4, Math.Max(0, attempts - 1)));
}
