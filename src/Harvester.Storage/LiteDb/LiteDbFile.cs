using LiteDB;

namespace Harvester.Storage.LiteDb;

/// <summary>
/// The one LiteDB file (default <c>harvester.db</c>) that holds sites, captures, payloads, versions and the job
/// queue. Opens it (creating it when missing), refuses foreign or damaged files with a clear message, and makes the
/// indexes the queries need. One instance per process; LiteDB serialises writers inside it.
/// </summary>
public sealed class LiteDbFile : IDisposable
{
    public const string DefaultPath = "harvester.db";

    private readonly DatabaseLock _lock;

    private LiteDbFile(LiteDatabase db, string path, DatabaseLock fileLock, ConnectionString connection)
    {
        Db = db;
        Path = path;
        _lock = fileLock;
        _connection = connection;
    }

    private readonly ConnectionString _connection;

    public string Path { get; }

    /// <summary>
    /// Stops writing when the database's disk has less than <paramref name="minimumFreeBytes"/> free: LiteDB writes
    /// its log on a background thread, and a disk that fills up there ends the process without a word. Stopping
    /// before that gives a clear error; everything already committed stays as it is.
    /// </summary>
    /// <exception cref="StorageException">Too little free space.</exception>
    public void EnsureFreeSpace(long minimumFreeBytes)
    {
        var root = System.IO.Path.GetPathRoot(Path);
        if (string.IsNullOrEmpty(root)) return;
        long free;
        try
        {
            free = new DriveInfo(System.IO.Path.GetDirectoryName(Path) ?? root).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // the platform cannot tell; LiteDB's journal still keeps committed data safe
        }
        if (free < minimumFreeBytes)
        {
            throw new StorageException(
                $"{Path}: only {free / 1048576.0:0.#} MiB free on its disk, less than the {minimumFreeBytes / 1048576.0:0.#} MiB kept in reserve; " +
                "stopping before the disk fills up (everything stored so far is intact)");
        }
    }

    internal LiteDatabase Db { get; private set; }

    internal ILiteCollection<SiteRecord> Sites => Db.GetCollection<SiteRecord>("sites");
    internal ILiteCollection<BsonDocument> UrlCaptures => Db.GetCollection(UrlCapturesDocument.Collection);
    internal ILiteCollection<LookupRecord> Lookups => Db.GetCollection<LookupRecord>("lookups");
    internal ILiteCollection<PayloadRecord> Payloads => Db.GetCollection<PayloadRecord>("payloads");
    internal ILiteCollection<FetchedDigestRecord> FetchedDigests => Db.GetCollection<FetchedDigestRecord>("digests");
    internal ILiteCollection<IntervalRecord> Intervals => Db.GetCollection<IntervalRecord>("intervals");
    internal ILiteCollection<VersionRecord> Versions => Db.GetCollection<VersionRecord>("versions");
    internal ILiteCollection<JobRecord> Jobs => Db.GetCollection<JobRecord>("jobs");
    internal ILiteCollection<MarkerRecord> Markers => Db.GetCollection<MarkerRecord>("markers");
    internal ILiteCollection<WorkerRecord> Workers => Db.GetCollection<WorkerRecord>("workers");

    /// <exception cref="StorageException">
    /// The file is not a Harvester database, cannot be read or created, or another process has it open.
    /// </exception>
    public static LiteDbFile Open(string path) => Open(path, prepare: true);

    /// <summary>
    /// Opens an existing file as it is, for <see cref="StoreCheck"/>: no index is made and nothing upgraded, so a
    /// damaged file is read, not written.
    /// </summary>
    /// <exception cref="StorageException">The file is missing, foreign, locked or too damaged to open.</exception>
    public static LiteDbFile OpenForCheck(string path)
    {
        if (!File.Exists(path)) throw new StorageException($"{path}: no such database");
        return Open(path, prepare: false);
    }

    private static LiteDbFile Open(string path, bool prepare)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory)) throw new StorageException($"{path}: folder {directory} does not exist");
        if (Directory.Exists(full)) throw new StorageException($"{path}: cannot open the database: it is a folder");
        // Checked before the lock, so a foreign file does not even get a lock file beside it.
        if (File.Exists(full) && new FileInfo(full).Length > 0 && !LooksLikeLiteDb(full))
        {
            throw new StorageException($"{path}: not a Harvester database (not a LiteDB file); refusing to touch it");
        }
        DatabaseLock fileLock;
        try
        {
            fileLock = DatabaseLock.Acquire(full);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new StorageException($"{path}: cannot open the database: {e.Message}", e);
        }
        try
        {
            return OpenLocked(path, full, fileLock, prepare);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    // LiteDB's default mapper trims strings and turns "" into null: stored Markdown must stay byte-exact.
    // The records are plain types; their keys are named here.
    private static BsonMapper Mapper()
    {
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        mapper.Entity<SiteRecord>().Id(s => s.Domain, autoId: false);
        mapper.Entity<CaptureRecord>().Id(c => c.Id, autoId: false);
        mapper.Entity<LookupRecord>().Id(l => l.UrlKey, autoId: false);
        mapper.Entity<PayloadRecord>().Id(p => p.Sha256, autoId: false);
        mapper.Entity<FetchedDigestRecord>().Id(d => d.Digest, autoId: false);
        mapper.Entity<IntervalRecord>().Id(i => i.Id, autoId: false);
        mapper.Entity<VersionRecord>().Id(v => v.Id, autoId: true);
        mapper.Entity<JobRecord>().Id(j => j.Id, autoId: true);
        mapper.Entity<MarkerRecord>().Id(m => m.Name, autoId: false);
        mapper.Entity<WorkerRecord>().Id(w => w.Id, autoId: false);
        return mapper;
    }

    private static LiteDbFile OpenLocked(string path, string full, DatabaseLock fileLock, bool prepare)
    {
        // A check only reads: it never writes into a damaged file, not even LiteDB's closing checkpoint.
        var connection = new ConnectionString { Filename = full, Connection = ConnectionType.Direct, ReadOnly = !prepare };
        LiteDatabase db;
        try
        {
            db = new LiteDatabase(connection, Mapper());
        }
        catch (Exception e) when (DamagedStoreException.IsDamage(e))
        {
            throw DamagedStoreException.In(path, e.Message, e);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            throw new StorageException($"{path}: cannot open the database: {e.Message}", e);
        }
        var database = new LiteDbFile(db, full, fileLock, connection);
        try
        {
            if (prepare) database.EnsureIndexes();
        }
        catch (Exception e) when (DamagedStoreException.IsDamage(e))
        {
            db.Dispose();
            throw DamagedStoreException.In(path, e.Message, e);
        }
        catch (Exception e) when (e is LiteException or IOException or UnauthorizedAccessException)
        {
            db.Dispose();
            throw new StorageException($"{path}: cannot use the database: {e.Message}", e);
        }
        catch (StorageException)
        {
            db.Dispose();
            throw;
        }
        return database;
    }

    /// <summary>
    /// Opens the file afresh after LiteDB met damage: its engine keeps failing every later read once one failed, so a
    /// check reads each collection through a new one.
    /// </summary>
    internal void Reopen()
    {
        lock (_gate)
        {
            try
            {
                Db.Dispose();
            }
            catch (Exception e) when (e is IOException || DamagedStoreException.IsDamage(e))
            {
                // The failed engine's state is dropped with it; the file was opened read-only.
            }
            Db = new LiteDatabase(_connection, Mapper());
        }
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
        // A site's half-years are found by their ids (site/half-year), and nothing looks versions up by text hash:
        // indexes that only cost every insert, dropped from files made before.
        Intervals.DropIndex(nameof(IntervalRecord.Site));
        Intervals.EnsureIndex(i => i.Outcome);
        Versions.EnsureIndex(v => v.Site);
        Versions.DropIndex(nameof(VersionRecord.TextHash));
        Jobs.EnsureIndex(j => j.State);
        Jobs.EnsureIndex(j => j.Site);
        Jobs.EnsureIndex(j => j.DueKey);
        Jobs.EnsureIndex(j => j.LastErrorKind);
        Sites.EnsureIndex(s => s.State);
        JobSchemaUpgrade.Apply(this);
        CaptureLayoutUpgrade.Apply(this);
    }

    /// <summary>
    /// Every use of the database goes through this gate, one at a time. LiteDB 5 is meant to be thread-safe, but
    /// concurrent readers and writers on one instance can read torn or damaged documents (litedb-org/LiteDB#1603,
    /// #2794; a worker test with three sites in flight read a payload as "damaged"); serialising removes that. The
    /// crawl is bound by the archive, not the database, so the gate costs little. Reentrant on one thread.
    /// </summary>
    private readonly Lock _gate = new();

    /// <summary>
    /// The document with this id. LiteDB's own <c>FindById</c> parses <c>_id = @0</c> into a new expression at every call
    /// (2.6 % of a crawl's CPU); this file's one expression takes the id as its parameter, used under the gate only.
    /// </summary>
    internal T? ById<T>(ILiteCollection<T> collection, BsonValue id)
    {
        lock (_gate)
        {
            _idEquals.Parameters["0"] = id;
            return collection.Find(_idEquals).FirstOrDefault();
        }
    }

    private readonly BsonExpression _idEquals = BsonExpression.Create("_id = @0");

    /// <summary>
    /// The documents whose id starts with <paramref name="prefix"/>, by a seek and range scan of the id index; one
    /// expression takes the prefix as its parameter, so none is compiled per prefix. LIKE reads <c>_</c> and <c>%</c>
    /// in the prefix as wildcards and compares as the file's collation does (ignoring case): the caller keeps only the
    /// documents it asked for.
    /// </summary>
    internal List<T> ByIdPrefix<T>(ILiteCollection<T> collection, string prefix)
    {
        lock (_gate)
        {
            _idLike.Parameters["0"] = prefix + "%";
            return collection.Find(_idLike).ToList();
        }
    }

    private readonly BsonExpression _idLike = BsonExpression.Create("_id LIKE @0");

    /// <summary>Whether a document with this id is there, read from the id index without the document.</summary>
    internal bool Exists<T>(ILiteCollection<T> collection, BsonValue id)
    {
        lock (_gate)
        {
            _idEquals.Parameters["0"] = id;
            return collection.Exists(_idEquals);
        }
    }

    /// <summary>Runs a query under the gate; its result must be materialised (no lazy enumerables escape).</summary>
    /// <exception cref="DamagedStoreException">The records read are damaged.</exception>
    internal T Read<T>(Func<T> query)
    {
        lock (_gate)
        {
            try
            {
                return query();
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw Damaged(e);
            }
            catch (Exception e) when (e is IOException or LiteException { InnerException: IOException })
            {
                throw new StorageException($"{Path}: cannot read: {(e is IOException ? e.Message : e.InnerException!.Message)}", e);
            }
        }
    }

    /// <summary>
    /// How many documents of <paramref name="collection"/> have each of <paramref name="values"/> in the indexed
    /// <paramref name="field"/> (values with none left out). Selecting only the indexed field lets LiteDB count on
    /// index keys without reading the documents: about three times faster than <c>Count(predicate)</c>.
    /// </summary>
    internal IReadOnlyDictionary<string, int> CountByIndexKey<T>(ILiteCollection<T> collection, string field, IEnumerable<string> values)
    {
        var keyOnly = BsonExpression.Create("$." + field);
        return values
            .Select(value => (value, count: Read(() => collection.Query().Where(Query.EQ(field, value)).Select(keyOnly).ToEnumerable().Count())))
            .Where(v => v.count > 0).ToDictionary(v => v.value, v => v.count);
    }

    /// <summary>
    /// Runs a write that LiteDB commits on its own (dropping a collection opens and commits its own transaction)
    /// under the gate, outside any explicit transaction.
    /// </summary>
    /// <exception cref="StorageException">The write failed (a full disk, say).</exception>
    internal void SelfCommitting(Action work)
    {
        lock (_gate)
        {
            try
            {
                work();
            }
            catch (Exception e) when (e is IOException or LiteException { InnerException: IOException })
            {
                throw CannotWrite(e);
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw Damaged(e);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction: all of it is stored, or none.</summary>
    /// <exception cref="StorageException">The write failed (a full disk, say); nothing of it was stored.</exception>
    internal T InTransaction<T>(Func<T> work)
    {
        lock (_gate) return InTransactionGated(work);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, then <paramref name="committed"/> once it committed or
    /// <paramref name="failed"/> when it did not, both still under the gate (for state kept beside the file). Not for
    /// use inside another transaction, whose commit this cannot see.
    /// </summary>
    /// <exception cref="StorageException">The write failed (a full disk, say); nothing of it was stored.</exception>
    internal T InTransaction<T>(Func<T> work, Action committed, Action failed)
    {
        lock (_gate)
        {
            T result;
            try
            {
                result = InTransactionGated(work);
            }
            catch
            {
                failed();
                throw;
            }
            committed();
            return result;
        }
    }

    private T InTransactionGated<T>(Func<T> work)
    {
        // Inside a transaction already (this thread's): the outer one commits or rolls back.
        if (!Db.BeginTrans()) return work();
        try
        {
            var result = work();
            Db.Commit();
            return result;
        }
        catch (Exception e) when (e is IOException or LiteException { InnerException: IOException })
        {
            TryRollback();
            throw CannotWrite(e);
        }
        catch (Exception e) when (IsDamage(e))
        {
            TryRollback();
            throw Damaged(e);
        }
        catch
        {
            TryRollback();
            throw;
        }
    }

    /// <summary>Runs one write in its own transaction, so a failed write is reported the same way as a failed batch.</summary>
    internal void Write(Action work) => InTransaction(() =>
    {
        work();
        return 0;
    });

    private StorageException CannotWrite(Exception e)
    {
        var reason = e is IOException ? e.Message : e.InnerException!.Message;
        return new StorageException($"{Path}: cannot write: {reason}; what was stored before is intact", e);
    }

    private void TryRollback()
    {
        try
        {
            Db.Rollback();
        }
        catch (Exception e) when (e is IOException or LiteException)
        {
            // The failed transaction was never committed; its pages are discarded when the file is next opened.
        }
    }

    /// <summary>
    /// Damage, as <see cref="DamagedStoreException.IsDamage"/> tells it, or LiteDB's engine refusing work because it
    /// closed itself after meeting damage earlier in this process (its lock is gone while this file is still open).
    /// </summary>
    private bool IsDamage(Exception e) =>
        DamagedStoreException.IsDamage(e) || (e is ObjectDisposedException && !_disposed && DamagedStoreException.ThrownInsideLiteDb(e));

    private DamagedStoreException Damaged(Exception e) =>
        DamagedStoreException.In(Path, e is ObjectDisposedException ? "the database engine stopped after it met damage" : e.Message, e);

    private bool _disposed;

    public void Dispose()
    {
        lock (_gate) DisposeGated();
    }

    private void DisposeGated()
    {
        _disposed = true;
        try
        {
            Db.Dispose();
        }
        catch (Exception e) when (e is IOException or LiteException)
        {
            // Storage refused the final checkpoint; committed transactions stay in the log and are replayed on open.
        }
        _lock.Dispose();
    }
}
