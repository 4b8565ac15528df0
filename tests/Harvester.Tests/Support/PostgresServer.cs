using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Harvester.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run, started once from the server binaries installed on the machine
/// (<c>/usr/lib/postgresql/N/bin</c>) and removed when the run ends. <c>initdb</c> refuses to run as root, so as root
/// it runs as the <c>postgres</c> user. Each test takes a database of its own (<see cref="CreateDatabase"/>).
/// Without server binaries the PostgreSQL tests skip and say why, unless <c>HARVESTER_REQUIRE_POSTGRES=1</c> (CI sets
/// it), when they fail.
/// </summary>
internal sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer?> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static string? _unavailable;

    private PostgresServer(string dataDirectory, string binDirectory, int port)
    {
        DataDirectory = dataDirectory;
        BinDirectory = binDirectory;
        Port = port;
    }

    public string DataDirectory { get; }
    public string BinDirectory { get; }
    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=harvester;Database=postgres;Pooling=false";

    /// <summary>The cluster, or a skip (a failure where PostgreSQL is required) saying why there is none.</summary>
    public static PostgresServer Instance
    {
        get
        {
            var server = Shared.Value;
            if (server is not null) return server;
            if (Environment.GetEnvironmentVariable("HARVESTER_REQUIRE_POSTGRES") == "1")
            {
                throw new InvalidOperationException("PostgreSQL is required here (HARVESTER_REQUIRE_POSTGRES=1) but " + _unavailable);
            }
            Assert.Skip("PostgreSQL tests need a server: " + _unavailable);
            return null!;
        }
    }

    /// <summary>A new empty database; returns its <c>postgresql://</c> address.</summary>
    public string CreateDatabase(string? name = null)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N")[..16];
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return Address(name);
    }

    /// <summary>A new database the program has set up (schema migrated, as its owner's first start does); returns its name.</summary>
    public string CreateSetUpDatabase()
    {
        var address = CreateDatabase();
        using (Harvester.Storage.Postgres.PostgresStore.Open(address, TimeProvider.System))
        {
        }
        return DatabaseName(address);
    }

    public string Address(string database, string user = "harvester") => $"postgresql://{user}@127.0.0.1:{Port}/{database}";

    /// <summary>The database an address from <see cref="CreateDatabase"/> names.</summary>
    public static string DatabaseName(string address) => address[(address.LastIndexOf('/') + 1)..];

    /// <summary>An unpooled connection string, for a connection a test holds or runs SQL on itself.</summary>
    public string ConnectionString(string database, string user = "harvester") =>
        $"Host=127.0.0.1;Port={Port};Username={user};Database={database};Pooling=false";

    /// <summary>Runs SQL as the cluster's superuser in <paramref name="database"/>.</summary>
    public void Execute(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row of a query run as the cluster's superuser in <paramref name="database"/>.</summary>
    public object? Scalar(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static PostgresServer? Start()
    {
        var bin = FindBinaries();
        if (bin is null)
        {
            _unavailable = "no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql; apt-get install postgresql";
            return null;
        }
        var data = Path.Combine(Path.GetTempPath(), "harvester-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        bool root = Environment.UserName == "root";
        if (root)
        {
            // The postgres user owns the cluster's folder; the run's temp folder must let it in.
            Run("chown", $"postgres {data}");
        }
        int port = LoopbackPort.Free();
        try
        {
            Run(root ? "runuser" : Path.Combine(bin, "initdb"),
                (root ? $"-u postgres -- {Path.Combine(bin, "initdb")} " : string.Empty) + $"-D {data}/db --auth=trust -U harvester --no-sync -E UTF8 --locale=C.UTF-8");
            var options = $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300";
            Run(root ? "runuser" : Path.Combine(bin, "pg_ctl"),
                (root ? $"-u postgres -- {Path.Combine(bin, "pg_ctl")} " : string.Empty) + $"-D {data}/db -o \"{options}\" -l {data}/log -w -t 60 start");
        }
        catch (InvalidOperationException e)
        {
            _unavailable = e.Message;
            return null;
        }
        var server = new PostgresServer(data, bin, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(root);
        return server;
    }

    private void Stop(bool root)
    {
        try
        {
            Run(root ? "runuser" : Path.Combine(BinDirectory, "pg_ctl"),
                (root ? $"-u postgres -- {Path.Combine(BinDirectory, "pg_ctl")} " : string.Empty) + $"-D {DataDirectory}/db -m immediate -w stop");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Kills the server's backends serving <paramref name="database"/> (a dropped connection, as a crash or restart would).</summary>
    public void TerminateBackends(string database) =>
        Execute("postgres", $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()");

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("HARVESTER_PG_BIN") is { Length: > 0 } configured) return configured;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    private static void Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {arguments} did not finish in 2 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {stderr.Result.Trim()} {stdout.Result.Trim()}".Trim());
        }
    }
}
