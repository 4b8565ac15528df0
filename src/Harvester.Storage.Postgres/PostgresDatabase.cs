using System.Net.Sockets;
using Npgsql;

namespace Harvester.Storage.Postgres;

/// <summary>
/// The connection pool to one PostgreSQL database, and the one place its failures become <see cref="StorageException"/>
/// lines a user can act on (a wrong password, a server that does not answer, a dropped connection).
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgresDatabase(NpgsqlConnectionStringBuilder connection)
    {
        // Many workers, each with a few sites in flight: a small pool each; connections are returned at once.
        if (!connection.ContainsKey("Maximum Pool Size") || connection.MaxPoolSize == 100) connection.MaxPoolSize = 20;
        if (connection.Timeout == 15) connection.Timeout = 10;
        // The store sends the same few dozen statements over and over: prepared once per connection, the server
        // skips parsing and planning them each time.
        if (connection.MaxAutoPrepare == 0) connection.MaxAutoPrepare = 64;
        if (connection.AutoPrepareMinUsages == 5) connection.AutoPrepareMinUsages = 2;
        // The store sets no session state (its advisory locks are per transaction, or released in a finally), so a
        // connection back in the pool needs no reset round trip.
        connection.NoResetOnClose = true;
        Location = PostgresAddress.Describe(connection);
        _source = NpgsqlDataSource.Create(connection);
    }

    /// <summary>The database's address without its password.</summary>
    public string Location { get; }

    /// <summary>Runs <paramref name="work"/> on a pooled connection outside a transaction (each statement its own).</summary>
    /// <exception cref="StorageException">The database cannot be reached or refused the work.</exception>
    public T Run<T>(Func<NpgsqlConnection, T> work)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = _source.OpenConnection();
                return work(connection);
            }
            catch (Exception e) when (attempt < ConnectionAttempts && IsConnectionLost(e))
            {
                AfterLostConnection(attempt);
            }
            catch (Exception e) when (Failure(e) is { } failure)
            {
                throw failure;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="statements"/> as one batch: one round trip, and one implicit transaction (PostgreSQL rolls
    /// back the whole batch when one statement fails), retried as <see cref="InTransaction{T}"/> is. For writes that
    /// need to read nothing first.
    /// </summary>
    /// <exception cref="StorageException">The database cannot be reached or refused the work; nothing of it was stored.</exception>
    public void InBatch(params (string Sql, object?[] Parameters)[] statements) => Retried(c =>
    {
        using var batch = PostgresRows.Batch(c, null, statements);
        return batch.ExecuteNonQuery();
    });

    /// <summary>
    /// Runs <paramref name="statements"/> as <see cref="InBatch(ValueTuple{string, object[]}[])"/> does, and gives their
    /// rows to <paramref name="read"/>: the reader stands on the first statement that returns rows (an INSERT without
    /// RETURNING returns none), and sees what the statements before it wrote.
    /// </summary>
    /// <exception cref="StorageException">The database cannot be reached or refused the work; nothing of it was stored.</exception>
    public T InBatch<T>(Func<NpgsqlDataReader, T> read, params (string Sql, object?[] Parameters)[] statements) => Retried(c =>
    {
        using var batch = PostgresRows.Batch(c, null, statements);
        using var reader = batch.ExecuteReader();
        return read(reader);
    });

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction: all of it is stored, or none. A transaction that lost a race
    /// (another worker stored the same payload or capture at the same instant) or its connection (the server restarted,
    /// an administrator ended the session) is run again on a fresh connection: every write of the store is idempotent,
    /// so one that did commit before its answer was lost changes nothing the second time.
    /// </summary>
    /// <exception cref="StorageException">The database cannot be reached or refused the work; nothing of it was stored.</exception>
    public T InTransaction<T>(Func<NpgsqlConnection, NpgsqlTransaction, T> work) => Retried(c =>
    {
        using var transaction = c.BeginTransaction();
        var result = work(c, transaction);
        transaction.Commit();
        return result;
    });

    /// <summary>Runs one transaction's worth of work on a fresh connection, again after a lost race or connection.</summary>
    private T Retried<T>(Func<NpgsqlConnection, T> work)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using var connection = _source.OpenConnection();
                return work(connection);
            }
            catch (PostgresException e) when (attempt < 5 && e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation)
            {
                // Another worker got there first (the same payload, capture or job at the same instant): read again and redo.
                Thread.Sleep(Random.Shared.Next(5, 50) * attempt);
            }
            catch (Exception e) when (attempt < ConnectionAttempts && IsConnectionLost(e))
            {
                AfterLostConnection(attempt);
            }
            catch (Exception e) when (Failure(e) is { } failure)
            {
                throw failure;
            }
        }
    }

    /// <summary>Tries on a lost connection before giving up with one line: about 3 s for a server to come back.</summary>
    private const int ConnectionAttempts = 6;

    /// <summary>The connection went away under the work (its session ended, the server restarted, the network dropped), or none was free.</summary>
    private static bool IsConnectionLost(Exception e) => e switch
    {
        // TooManyConnections: every connection slot taken for a moment (a burst of commands beside the workers).
        PostgresException p => p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.IsTransient || n.InnerException is IOException or SocketException,
        _ => false,
    };

    private void AfterLostConnection(int attempt)
    {
        // The pool's other idle connections went with it: drop them rather than meet each dead one in turn.
        _source.Clear();
        Thread.Sleep(TimeSpan.FromMilliseconds(100 * (1 << (attempt - 1))));
    }

    public void InTransaction(Action<NpgsqlConnection, NpgsqlTransaction> work) => InTransaction((c, t) =>
    {
        work(c, t);
        return 0;
    });

    /// <summary>
    /// Streams the rows of <paramref name="sql"/> through a cursor, <paramref name="batch"/> at a time, on one connection
    /// held until the enumeration ends (a copy of a large table never sits in memory).
    /// </summary>
    public IEnumerable<T> Stream<T>(string sql, Func<NpgsqlDataReader, T> read, int batch = 1000)
    {
        NpgsqlConnection connection;
        try
        {
            connection = _source.OpenConnection();
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            throw failure;
        }
        using (connection)
        {
            using var transaction = Mapped(connection.BeginTransaction);
            // Named after its query: an auto-prepared FETCH is kept per statement text, and must always meet rows of one shape.
            var cursor = "harvester_stream_" + PayloadCodec.Sha256(System.Text.Encoding.UTF8.GetBytes(sql))[..16];
            Mapped(() => PostgresRows.Execute(connection, transaction, $"DECLARE {cursor} NO SCROLL CURSOR FOR " + sql));
            while (true)
            {
                var rows = Mapped(() => PostgresRows.Query(connection, transaction, $"FETCH {batch} FROM {cursor}", read));
                foreach (var row in rows) yield return row;
                if (rows.Count < batch) yield break;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on a connection the caller holds, turning its failures into one-line errors (no retry: the cursor is on that connection).</summary>
    private T Mapped<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (Exception e) when (Failure(e) is { } failure)
        {
            throw failure;
        }
    }

    public int Execute(string sql, params object?[] parameters) => Run(c =>
    {
        using var command = Command(c, null, sql, parameters);
        return command.ExecuteNonQuery();
    });

    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        return command;
    }

    /// <summary>The one-line error for <paramref name="e"/>, or null when it is not a database failure.</summary>
    internal StorageException? Failure(Exception e) => e switch
    {
        StorageException => null,
        PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } p =>
            new StorageException($"{Location}: the server refused the login ({p.MessageText}); check the user and password in --db", e),
        PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } p =>
            new StorageException($"{Location}: {p.MessageText} (create it first: createdb {DatabaseName})", e),
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } p =>
            new StorageException($"{Location}: the connection was cut ({p.MessageText}); what was committed before is intact", e),
        PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } p =>
            new StorageException($"{Location}: the server has no connection left for us ({p.MessageText}); raise its max_connections, " +
                "or run fewer workers or a lower --concurrency (each worker holds about --concurrency + 1)", e),
        PostgresException p => new StorageException($"{Location}: the database refused: {p.MessageText}", e),
        NpgsqlException { InnerException: SocketException s } =>
            new StorageException($"{Location}: cannot reach PostgreSQL ({s.Message})", e),
        NpgsqlException { InnerException: TimeoutException } =>
            new StorageException($"{Location}: PostgreSQL did not answer in time", e),
        NpgsqlException n => new StorageException($"{Location}: {n.Message.TrimEnd('.')}; what was committed before is intact", e),
        IOException or SocketException or TimeoutException =>
            new StorageException($"{Location}: the connection to PostgreSQL failed ({e.Message}); what was committed before is intact", e),
        _ => null,
    };

    private string DatabaseName => Location[(Location.LastIndexOf('/') + 1)..];

    public void Dispose() => _source.Dispose();
}
