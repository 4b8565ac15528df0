using Harvester.Tests.Support;

namespace Harvester.Tests.Postgres;

/// <summary>Workers under a role that may only use the tables, readers under one that may only read them: the owner sets the schema up once.</summary>
public sealed class PostgresPrivilegeTests
{
    [Fact]
    public async Task ARoleThatMayOnlyUseTheTables_Crawls_AndOnANewDatabaseIsToldToStartAsTheOwner()
    {
        var server = PostgresServer.Instance;
        var database = server.CreateSetUpDatabase();
        var role = "rw_" + Guid.NewGuid().ToString("N")[..12];
        server.Execute(database, $"""
            CREATE ROLE {role} LOGIN;
            GRANT USAGE ON SCHEMA public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
            """);
        var limited = server.Address(database, role);

        var crawl = await CliRun.RunAsync("--db", limited, "--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019", "alpha-shop.example");
        Assert.True(crawl.ExitCode == 0, crawl.Error);
        Assert.Contains("v2", (await CliRun.RunAsync("--db", limited, "versions", "alpha-shop.example")).Output);
        Assert.Equal(0, (await CliRun.RunAsync("--db", limited, "search", "privacy")).ExitCode);

        // Reading needs SELECT alone.
        var reader = "ro_" + Guid.NewGuid().ToString("N")[..12];
        server.Execute(database, $"CREATE ROLE {reader} LOGIN; GRANT USAGE ON SCHEMA public TO {reader}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader};");
        var readOnly = server.Address(database, reader);
        var exported = Path.Combine(Path.GetTempPath(), "harvester-ro-" + Guid.NewGuid().ToString("N"));
        foreach (var command in new[] { new[] { "status" }, ["search", "privacy"], ["versions", "alpha-shop.example"], ["diff", "alpha-shop.example"],
                     ["export", "--out", exported, "--format", "jsonl"] })
        {
            var run = await CliRun.RunAsync(["--db", readOnly, .. command]);
            Assert.True(run.ExitCode == 0, string.Join(' ', command) + ": " + run.Error);
        }
        Directory.Delete(exported, recursive: true);

        var fresh = server.CreateDatabase();
        var freshDatabase = PostgresServer.DatabaseName(fresh);
        var refused = await CliRun.RunAsync("--db", server.Address(freshDatabase, role), "status");
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.Contains("cannot create or upgrade the schema (permission denied", line);
        Assert.Contains("run harvester once as the database's owner", line);
        Assert.Equal(DBNull.Value, server.Scalar(freshDatabase, "SELECT to_regclass('harvester_schema')::text")); // nothing half made
    }
}
