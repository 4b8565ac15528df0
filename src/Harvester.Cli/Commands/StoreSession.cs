using System.CommandLine;
using Harvester.Crawl;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>The database named by <c>--db</c>, opened with its stores, for one command.</summary>
internal sealed class StoreSession : IDisposable
{
    private readonly bool _ownsDatabase;

    private StoreSession(HarvesterDatabase database, bool ownsDatabase)
    {
        Database = database;
        Stores = new CrawlStores(database, TimeProvider.System);
        _ownsDatabase = ownsDatabase;
    }

    public HarvesterDatabase Database { get; }
    public CrawlStores Stores { get; }

    /// <exception cref="StorageException">The file cannot be used.</exception>
    /// <remarks>Inside a <see cref="ServedQuery"/>, the worker's open database (which the session leaves open).</remarks>
    public static StoreSession Open(ParseResult parseResult) => ServedQuery.Current is { } served
        ? new(served.Database, ownsDatabase: false)
        : new(HarvesterDatabase.Open(GlobalOptions.Database(parseResult)), ownsDatabase: true);

    public void Dispose()
    {
        if (_ownsDatabase) Database.Dispose();
    }
}
