using System.CommandLine;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>The store named by <c>--db</c>, opened for one command.</summary>
internal sealed class StoreSession : IDisposable
{
    private readonly bool _ownsStore;

    private StoreSession(IHarvesterStore store, bool ownsStore)
    {
        Store = store;
        _ownsStore = ownsStore;
    }

    public IHarvesterStore Store { get; }

    /// <exception cref="StorageException">The file cannot be used.</exception>
    /// <remarks>Inside a <see cref="ServedQuery"/>, the worker's open database (which the session leaves open).</remarks>
    public static StoreSession Open(ParseResult parseResult) => ServedQuery.Current is { } served
        ? new(served.Store, ownsStore: false)
        : new(StoreOpener.Open(GlobalOptions.Database(parseResult)), ownsStore: true);

    /// <summary>
    /// For commands that only read (and <c>retry</c>): a missing file is an error, never a new empty database, so that
    /// a mistyped <c>--db</c> says so instead of answering from nothing and leaving a file behind.
    /// </summary>
    /// <exception cref="NotFoundException">The file does not exist.</exception>
    /// <exception cref="StorageException">The file cannot be used.</exception>
    public static StoreSession OpenExisting(ParseResult parseResult)
    {
        if (ServedQuery.Current is null && !StoreAddress.IsPostgres(GlobalOptions.Database(parseResult)))
        {
            var path = GlobalOptions.Database(parseResult);
            // A folder, or a path in a missing folder, is reported by Open as what it is.
            if (!File.Exists(path) && !Directory.Exists(path) && Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))))
            {
                throw new NotFoundException($"{path}: no such database (check --db; 'harvester add' or 'crawl' creates one)");
            }
        }
        return Open(parseResult);
    }

    public void Dispose()
    {
        if (_ownsStore) Store.Dispose();
    }
}
