using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Storage.Postgres;

namespace Harvester.Cli.Commands;

/// <summary>Opens the store <c>--db</c> names: a PostgreSQL address, or else a LiteDB file.</summary>
internal static class StoreOpener
{
    /// <exception cref="StorageException">The store cannot be used.</exception>
    public static IHarvesterStore Open(string address, TimeProvider? time = null) => StoreAddress.IsPostgres(address)
        ? PostgresStore.Open(address, time)
        : LiteDbStore.Open(address, time);

    /// <summary>The address as messages show it: a file path as given, a PostgreSQL address without its password.</summary>
    public static string Describe(string address) => StoreAddress.IsPostgres(address) ? PostgresAddress.Describe(address) : address;
}
