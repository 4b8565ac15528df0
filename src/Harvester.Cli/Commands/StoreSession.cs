using System.CommandLine;
using Harvester.Crawl;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>The database named by <c>--db</c>, opened with its stores, for one command.</summary>
internal sealed class StoreSession : IDisposable
{
    private StoreSession(HarvesterDatabase database)
    {
        Database = database;
        Stores = new CrawlStores(database, TimeProvider.System);
    }

    public HarvesterDatabase Database { get; }
    public CrawlStores Stores { get; }

    /// <exception cref="StorageException">The file cannot be used.</exception>
    public static StoreSession Open(ParseResult parseResult) => new(HarvesterDatabase.Open(parseResult.GetValue(GlobalOptions.Database)!));

    public void Dispose() => Database.Dispose();
}
