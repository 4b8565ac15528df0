namespace Harvester.Storage.Postgres;

/// <summary>
/// The shared store: one PostgreSQL database that many workers on many machines use at once, with real transactions
/// and no global gate. Opening it applies pending schema migrations.
/// </summary>
public sealed class PostgresStore : IHarvesterStore
{
    private PostgresStore(PostgresDatabase database, TimeProvider time)
    {
        Database = database;
        Sites = new PostgresSiteStore(database, time);
        Captures = new PostgresCaptureStore(database, time);
        Payloads = new PostgresPayloadStore(database);
        Versions = new PostgresVersionStore(database, time);
        Jobs = new PostgresJobQueue(database, time);
        Markers = new PostgresMarkerStore(database);
        Workers = new PostgresWorkerRegistry(database);
        RateBudgets = new PostgresRateBudgetStore(database);
    }

    /// <exception cref="StorageException">The address is wrong, the server cannot be reached or refuses, or its schema is newer.</exception>
    public static PostgresStore Open(string address, TimeProvider? time = null)
    {
        var database = new PostgresDatabase(PostgresAddress.Parse(address));
        try
        {
            PostgresMigrations.Apply(database);
            return new PostgresStore(database, time ?? TimeProvider.System);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public PostgresDatabase Database { get; }

    /// <summary>The rate groups' shared archive budgets.</summary>
    public IRateBudgetStore? RateBudgets { get; }

    /// <summary>Every record, for copying and verifying.</summary>
    public IRecordSource Records => new PostgresRecordSource(Database);

    /// <summary>Writes copied records as they are.</summary>
    public IRecordSink Sink => new PostgresRecordSink(Database);
    public string Location => Database.Location;
    public bool IsShared => true;
    public ISiteStore Sites { get; }
    public ICaptureStore Captures { get; }
    public IPayloadStore Payloads { get; }
    public IVersionStore Versions { get; }
    public IJobQueue Jobs { get; }
    public IMarkerStore Markers { get; }
    public ISearchIndex Search { get; } = new PostgresSearchIndex();
    public IWorkerRegistry Workers { get; }

    /// <summary>The server watches its own disk; a full one fails the write, which is reported and loses nothing committed.</summary>
    public void EnsureFreeSpace(long minimumFreeBytes)
    {
    }

    public void Dispose() => Database.Dispose();
}
