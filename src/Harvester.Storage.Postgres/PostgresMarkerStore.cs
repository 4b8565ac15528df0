using static Harvester.Storage.Postgres.PostgresRows;

namespace Harvester.Storage.Postgres;

public sealed class PostgresMarkerStore(PostgresDatabase database) : IMarkerStore
{
    public DateTime? Get(string name) => database.Run(c => Scalar(c, null, "SELECT at FROM markers WHERE name = $1", name) as DateTime?);

    public void Set(string name, DateTime at) =>
        database.Execute("INSERT INTO markers (name, at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET at = $2", name, Utc(at));
}
