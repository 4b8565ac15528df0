namespace Harvester.Cli;

/// <summary>Process exit codes of <c>harvester</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The command ran, but some items failed (each reported as <c>PATH: reason</c>).</summary>
    public const int SomeFailed = 1;
    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;
}
