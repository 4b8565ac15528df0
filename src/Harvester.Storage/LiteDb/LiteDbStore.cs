using Harvester.Storage.LiteDb.Search;

namespace Harvester.Storage.LiteDb;

/// <summary>The embedded store: one LiteDB file that one process owns (see <see cref="LiteDbFile"/>).</summary>
public sealed class LiteDbStore : IHarvesterStore
{
    private readonly bool _ownsFile;

    public LiteDbStore(LiteDbFile file, TimeProvider time, bool ownsFile = false)
    {
        File = file;
        _ownsFile = ownsFile;
        Sites = new LiteDbSiteStore(file, time);
        Captures = new LiteDbCaptureStore(file, time);
        Payloads = new LiteDbPayloadStore(file);
        Versions = new LiteDbVersionStore(file, time);
        Jobs = new LiteDbJobQueue(file, time);
        Markers = new LiteDbMarkerStore(file);
        Search = new LiteDbSearchIndex(file);
        Workers = new LiteDbWorkerRegistry(file);
    }

    /// <summary>Opens (creating when missing) the file at <paramref name="path"/>; the store closes it when disposed.</summary>
    /// <exception cref="StorageException">The file cannot be used.</exception>
    public static LiteDbStore Open(string path, TimeProvider? time = null) => new(LiteDbFile.Open(path), time ?? TimeProvider.System, ownsFile: true);

    public LiteDbFile File { get; }
    public string Location => File.Path;
    public bool IsShared => false;
    public ISiteStore Sites { get; }
    public ICaptureStore Captures { get; }
    public IPayloadStore Payloads { get; }
    public IVersionStore Versions { get; }
    public IJobQueue Jobs { get; }
    public IMarkerStore Markers { get; }
    public ISearchIndex Search { get; }
    public IWorkerRegistry Workers { get; }
    public IRateBudgetStore? RateBudgets => null;

    public void EnsureFreeSpace(long minimumFreeBytes) => File.EnsureFreeSpace(minimumFreeBytes);

    public void Dispose()
    {
        if (_ownsFile) File.Dispose();
    }
}
