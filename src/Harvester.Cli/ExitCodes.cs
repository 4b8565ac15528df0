namespace Harvester.Cli;

/// <summary>Process exit codes of <c>harvester</c> (README lists them).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The command ran, but some items failed (each reported as <c>PATH: reason</c>).</summary>
    public const int SomeFailed = 1;
    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;
    /// <summary>What was asked for does not exist: a site not in the store, a version it does not have, a missing database.</summary>
    public const int NotFound = 3;
    /// <summary>The store is damaged; <c>harvester check</c> says what is affected.</summary>
    public const int Damaged = 4;
    /// <summary><c>status</c>: the worker looks stuck (alive, but no progress for too long) or stopped uncleanly.</summary>
    public const int Stuck = 5;
    /// <summary>A failure Harvester did not foresee; one line is printed, and it is a bug worth reporting.</summary>
    public const int Internal = 70;
}
