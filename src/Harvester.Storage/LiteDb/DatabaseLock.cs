namespace Harvester.Storage.LiteDb;

/// <summary>
/// Makes one process the only user of a database file. LiteDB's direct mode is not safe for two processes at once
/// (on Linux both could open the file for writing), so a <see cref="LiteDbFile"/> holds an exclusive lock on
/// <c>FILE.lock</c> for as long as it is open. The operating system drops the lock when the process ends, however
/// it ends, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _file;

    private DatabaseLock(FileStream file) => _file = file;

    public static string PathFor(string databasePath) => databasePath + ".lock";

    /// <summary>
    /// How long <see cref="Acquire"/> waits for another process to let go: commands such as <c>add</c>, <c>search</c>
    /// or <c>status</c> hold a database for a moment, and one started at the same moment should not fail for that.
    /// </summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <exception cref="StorageException">Another process has had the database open for all of <see cref="Patience"/>.</exception>
    public static DatabaseLock Acquire(string databasePath)
    {
        var giveUpAt = DateTime.UtcNow + Patience;
        var acquired = TryAcquire(databasePath);
        while (acquired is null && DateTime.UtcNow < giveUpAt)
        {
            Thread.Sleep(50);
            acquired = TryAcquire(databasePath);
        }
        return acquired ?? throw new StorageException(
            $"{databasePath}: in use by another harvester process (a 'run' worker or a 'crawl'); only one may use a database at a time. " +
            "'harvester status' shows what a worker is doing");
    }

    /// <summary>The lock, or null when another process holds it.</summary>
    public static DatabaseLock? TryAcquire(string databasePath)
    {
        try
        {
            return new DatabaseLock(new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Whether opening the lock file failed because another process holds it: the lock's own error (EWOULDBLOCK from
    /// flock on Linux and macOS, a sharing violation on Windows), not a read-only or broken filesystem, which must be
    /// reported as what it is.
    /// </summary>
    private static bool IsHeldByAnother(IOException e) => e.HResult switch
    {
        11 when OperatingSystem.IsLinux() => true,
        35 when OperatingSystem.IsMacOS() => true,
        unchecked((int)0x80070020) => true,
        _ => false,
    };

    /// <summary>Whether another process has the database open now.</summary>
    public static bool IsHeldElsewhere(string databasePath)
    {
        if (!File.Exists(PathFor(databasePath))) return false;
        try
        {
            using var probe = TryAcquire(databasePath);
            return probe is null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // not held, but not usable either: opening the database reports why
        }
    }

    public void Dispose() => _file.Dispose();
}
