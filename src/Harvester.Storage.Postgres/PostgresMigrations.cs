using System.Reflection;

namespace Harvester.Storage.Postgres;

/// <summary>
/// Brings the database's schema up to this program's: the numbered SQL files under <c>Migrations/</c>, each applied once
/// in its own transaction and recorded in <c>harvester_schema</c>, all under an advisory lock so that workers starting
/// at once do not race. A database whose schema is newer than the program is refused, untouched.
/// </summary>
public static class PostgresMigrations
{
    /// <summary>The advisory lock's key: any fixed number of our own.</summary>
    private const long LockKey = 0x48617276_65737452; // "HarvestR"

    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } = Load();

    public static int Latest => All[^1].Version;

    private static List<(int, string, string)> Load()
    {
        var assembly = typeof(PostgresMigrations).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture), file[..^4], reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1).ToList();
    }

    /// <summary>Schema changes, which need the database's owner (or a superuser) and the pg_trgm extension on the server.</summary>
    private static void Privileged(PostgresDatabase database, Func<int> change)
    {
        try
        {
            change();
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.InsufficientPrivilege)
        {
            throw new StorageException($"{database.Location}: cannot create or upgrade the schema ({e.MessageText}); run harvester once as the " +
                "database's owner (createdb --owner USER), then any user with rights on its tables will do", e);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedFile)
        {
            throw new StorageException($"{database.Location}: cannot create the schema ({e.MessageText}); the server lacks pg_trgm, " +
                "which search needs: install postgresql-contrib on it", e);
        }
    }

    /// <returns>The versions applied now (none when the schema was current).</returns>
    /// <exception cref="StorageException">The schema is newer than this program's, or a migration failed.</exception>
    public static IReadOnlyList<int> Apply(PostgresDatabase database) => database.Run(connection =>
    {
        PostgresRows.Execute(connection, null, "SELECT pg_advisory_lock($1)", LockKey);
        try
        {
            // Looked for before it is created: a worker's role may read and write the tables without the right to
            // create anything, which only the start that finds the schema behind needs.
            if (PostgresRows.Scalar(connection, null, "SELECT to_regclass('harvester_schema') IS NOT NULL") is not true)
            {
                Privileged(database, () => PostgresRows.Execute(connection, null, """
                    CREATE TABLE IF NOT EXISTS harvester_schema (
                        version     int PRIMARY KEY,
                        name        text NOT NULL,
                        applied_at  timestamptz NOT NULL DEFAULT now())
                    """));
            }
            int current = Convert.ToInt32(PostgresRows.Scalar(connection, null, "SELECT coalesce(max(version), 0) FROM harvester_schema"),
                System.Globalization.CultureInfo.InvariantCulture);
            if (current > Latest)
            {
                throw new StorageException(
                    $"{database.Location}: the database's schema is version {current}, newer than this program's ({Latest}); " +
                    "upgrade harvester on this machine (nothing was changed)");
            }
            var applied = new List<int>();
            foreach (var (version, name, sql) in All.Where(m => m.Version > current))
            {
                using var transaction = connection.BeginTransaction();
                Privileged(database, () => PostgresRows.Execute(connection, transaction, sql));
                PostgresRows.Execute(connection, transaction, "INSERT INTO harvester_schema (version, name) VALUES ($1, $2)", version, name);
                transaction.Commit();
                applied.Add(version);
            }
            return (IReadOnlyList<int>)applied;
        }
        finally
        {
            // A session whose connection was cut lost its lock with it: unlocking there would fail and hide the cut,
            // which the caller retries on a fresh connection.
            if (connection.FullState == System.Data.ConnectionState.Open) PostgresRows.Execute(connection, null, "SELECT pg_advisory_unlock($1)", LockKey);
        }
    });
}
