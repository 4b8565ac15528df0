namespace Harvester.Storage;

/// <summary>
/// Makes one process the only user of a database file. LiteDB's direct mode is not safe for two processes at once
/// (on Linux both could open the file for writing), so a <see cref="HarvesterDatabase"/> holds an exclusive lock on
/// <c>FILE.lock</c> for as long as it is open. The operating system drops the lock when the process ends, however
/// it ends, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    private readonly FileStream _file;

    private DatabaseLock(FileStream file) => _file = file;

    public static string PathFor(string databasePath) => databasePath + ".lock";

    /// <exception cref="StorageException">Another process has the database open.</exception>
    public static DatabaseLock Acquire(string databasePath)
    {
        return TryAcquire(databasePath) ?? throw new StorageException(
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
        catch (IOException) when (File.Exists(PathFor(databasePath)))
        {
            return null;
        }
    }

    /// <summary>Whether another process has the database open now.</summary>
    public static bool IsHeldElsewhere(string databasePath)
    {
        if (!File.Exists(PathFor(databasePath))) return false;
        using var probe = TryAcquire(databasePath);
        return probe is null;
    }

    public void Dispose() => _file.Dispose();
}
