using LiteDB;

namespace Harvester.Storage;

/// <summary>
/// The one LiteDB file (default <c>harvester.db</c>) that holds sites, captures, payloads, versions and the job
/// queue. Opens it (creating it when missing), refuses foreign or damaged files with a clear message, and makes the
/// indexes the queries need. One instance per process; LiteDB serialises writers inside it.
/// </summary>
public sealed class HarvesterDatabase : IDisposable
{
    public const string DefaultPath = "harvester.db";

    private HarvesterDatabase(LiteDatabase db, string path)
    {
        Db = db;
        Path = path;
    }

    public string Path { get; }

    internal LiteDatabase Db { get; }

    internal ILiteCollection<SiteRecord> Sites => Db.GetCollection<SiteRecord>("sites");
    internal ILiteCollection<CaptureRecord> Captures => Db.GetCollection<CaptureRecord>("captures");
    internal ILiteCollection<LookupRecord> Lookups => Db.GetCollection<LookupRecord>("lookups");
    internal ILiteCollection<PayloadRecord> Payloads => Db.GetCollection<PayloadRecord>("payloads");
    internal ILiteCollection<FetchedDigestRecord> FetchedDigests => Db.GetCollection<FetchedDigestRecord>("digests");
    internal ILiteCollection<IntervalRecord> Intervals => Db.GetCollection<IntervalRecord>("intervals");
    internal ILiteCollection<VersionRecord> Versions => Db.GetCollection<VersionRecord>("versions");
    internal ILiteCollection<JobRecord> Jobs => Db.GetCollection<JobRecord>("jobs");

    /// <exception cref="StorageException">The file is not a Harvester database, or cannot be read or created.</exception>
    public static HarvesterDatabase Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full) && new FileInfo(full).Length > 0 && !LooksLikeLiteDb(full))
        {
            throw new StorageException($"{path}: not a Harvester database (not a LiteDB file); refusing to touch it");
        }
        LiteDatabase db;
        try
        {
            var directory = System.IO.Path.GetDirectoryName(full);
            if (directory is not null && !Directory.Exists(directory)) throw new StorageException($"{path}: folder {directory} does not exist");
            // LiteDB's default mapper trims strings and turns "" into null: stored Markdown must stay byte-exact.
            var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
            db = new LiteDatabase(new ConnectionString { Filename = full, Connection = ConnectionType.Direct }, mapper);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{path}: cannot open the database: {e.Message}", e);
        }
        var database = new HarvesterDatabase(db, full);
        try
        {
            database.EnsureIndexes();
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            db.Dispose();
            throw new StorageException($"{path}: cannot use the database: {e.Message}", e);
        }
        return database;
    }

    private static bool LooksLikeLiteDb(string path)
    {
        // LiteDB v5 data files carry "** This is a LiteDB file **" in their header page.
        var header = new byte[64];
        using var file = File.OpenRead(path);
        int read = file.Read(header);
        return System.Text.Encoding.ASCII.GetString(header, 0, read).Contains("LiteDB", StringComparison.Ordinal);
    }

    private void EnsureIndexes()
    {
        Captures.EnsureIndex(c => c.UrlKey);
        Intervals.EnsureIndex(i => i.Site);
        Versions.EnsureIndex(v => v.Site);
        Versions.EnsureIndex(v => v.TextHash);
        Jobs.EnsureIndex(j => j.State);
        Jobs.EnsureIndex(j => j.Site);
        Sites.EnsureIndex(s => s.State);
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none.</summary>
    internal T InTransaction<T>(Func<T> work)
    {
        Db.BeginTrans();
        try
        {
            var result = work();
            Db.Commit();
            return result;
        }
        catch
        {
            Db.Rollback();
            throw;
        }
    }

    public void Dispose() => Db.Dispose();
}
