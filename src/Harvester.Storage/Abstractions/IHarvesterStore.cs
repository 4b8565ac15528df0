namespace Harvester.Storage;

/// <summary>
/// One Harvester store: sites, captures, payloads, versions with their half-year outcomes, the job queue, search and
/// schedule markers. The crawl, the worker and every command reach storage only through this and the interfaces it
/// hands out; a backend (the embedded LiteDB file, a shared PostgreSQL database) implements all of them.
/// </summary>
public interface IHarvesterStore : IDisposable
{
    /// <summary>Where the store is, for messages: a file path, or a PostgreSQL address without its password.</summary>
    string Location { get; }

    /// <summary>
    /// Whether many processes (on many machines) may open the store at once. False for a LiteDB file, which one process
    /// owns; true for PostgreSQL, where every command simply opens the store itself.
    /// </summary>
    bool IsShared { get; }

    ISiteStore Sites { get; }
    ICaptureStore Captures { get; }
    IPayloadStore Payloads { get; }
    IVersionStore Versions { get; }
    IJobQueue Jobs { get; }
    IMarkerStore Markers { get; }
    ISearchIndex Search { get; }
    IWorkerRegistry Workers { get; }

    /// <summary>
    /// The rate groups' shared archive budgets, on a store many processes share; null on one that a single process owns,
    /// whose own limits are the whole budget.
    /// </summary>
    IRateBudgetStore? RateBudgets { get; }

    /// <summary>Stops writing before the store's disk fills up (where the store can tell).</summary>
    /// <exception cref="StorageException">Too little free space.</exception>
    void EnsureFreeSpace(long minimumFreeBytes);
}
