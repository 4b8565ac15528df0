using Harvester.Storage.Postgres;
using Harvester.Tests.Support;
using Npgsql;

namespace Harvester.Tests.Postgres;

/// <summary>A server with no connection slot left: waited out when it is a moment, one line saying what to raise when it lasts.</summary>
public sealed class PostgresConnectionLimitTests
{
    [Fact]
    public async Task NoConnectionLeft_IsWaitedOutForAMoment_ThenOneLineSaysWhatToRaise()
    {
        var server = PostgresServer.Instance;
        var database = server.CreateSetUpDatabase();
        // A role allowed one connection: its one slot stands for a server's max_connections.
        var role = "one_" + Guid.NewGuid().ToString("N")[..12];
        server.Execute(database, $"""
            CREATE ROLE {role} LOGIN CONNECTION LIMIT 1;
            GRANT USAGE, CREATE ON SCHEMA public TO {role};
            GRANT ALL ON ALL TABLES IN SCHEMA public TO {role};
            GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role};
            """);
        var limited = server.Address(database, role);
        var slot = server.ConnectionString(database, role);

        var holder = new NpgsqlConnection(slot);
        await holder.OpenAsync(TestContext.Current.CancellationToken);
        var released = Task.Run(async () =>
        {
            await Task.Delay(300, TestContext.Current.CancellationToken);
            await holder.DisposeAsync();
        }, TestContext.Current.CancellationToken);
        using (var store = PostgresStore.Open(limited, TimeProvider.System))
        {
            Assert.Equal(0, store.Sites.Count);
        }
        await released;

        await using var keeper = new NpgsqlConnection(slot);
        await keeper.OpenAsync(TestContext.Current.CancellationToken);
        var run = await CliRun.RunAsync("--db", limited, "status");
        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("no connection left", line);
        Assert.Contains("raise its max_connections", line);
        Assert.Contains("too many connections for role", line);
    }
}
