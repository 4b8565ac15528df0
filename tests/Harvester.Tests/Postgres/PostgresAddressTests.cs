using Harvester.Storage;
using Harvester.Storage.Postgres;
using Harvester.Tests.Support;

namespace Harvester.Tests.Postgres;

/// <summary>What <c>--db</c> accepts for PostgreSQL: the forms PostgreSQL's own tools read, and one clear line for the rest.</summary>
public sealed class PostgresAddressTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Theory]
    [InlineData("postgresql://u:p%40ss@db.example:6000/harvester", "db.example", 6000, "harvester", "u", "p@ss")]
    [InlineData("postgres://u@db.example/harvester", "db.example", 5432, "harvester", "u", null)]
    [InlineData("postgresql://u@[2001:db8::1]:6000/h", "[2001:db8::1]", 6000, "h", "u", null)]
    [InlineData("postgresql://%2Fvar%2Frun%2Fpg:6000/h", "/var/run/pg", 6000, "h", null, null)]
    [InlineData("postgresql:///h?host=/tmp/sock&port=6000&user=u&password=s3cret", "/tmp/sock", 6000, "h", "u", "s3cret")]
    [InlineData("postgresql://a.example:6000,b.example:6001/h", "a.example:6000,b.example:6001", 5432, "h", null, null)]
    [InlineData("host=/tmp/sock port=6000 dbname=h user=u password='it s'", "/tmp/sock", 6000, "h", "u", "it s")]
    [InlineData("host = db.example  dbname=h user=u password='a b\\'c'", "db.example", 5432, "h", "u", "a b'c")]
    [InlineData("Host=db.example;Port=6000;Database=h;Username=u", "db.example", 6000, "h", "u", null)]
    public void TheFormsOfPostgreSQLsOwnTools(string address, string host, int port, string database, string? user, string? password)
    {
        var b = PostgresAddress.Parse(address, NoEnvironment);
        Assert.Equal((host, port, database, user, password), (b.Host, b.Port, b.Database, b.Username, b.Password));
        Assert.True(StoreAddress.IsPostgres(address));
        Assert.DoesNotContain(password ?? "\u0001", PostgresAddress.Describe(address));
    }

    [Fact]
    public void LibpqParameterNames_AndItsSslModeSpelling()
    {
        var b = PostgresAddress.Parse("postgresql://h.example/d?sslmode=verify-full&connect_timeout=3&application_name=crawl&target_session_attrs=read-write", NoEnvironment);
        Assert.Equal((Npgsql.SslMode.VerifyFull, 3, "crawl", "read-write"), (b.SslMode, b.Timeout, b.ApplicationName, b.TargetSessionAttributes));
        Assert.False(PostgresAddress.Parse("postgresql://h.example/d?Pooling=false", NoEnvironment).Pooling); // Npgsql's own names too
    }

    [Fact]
    public void WhatTheAddressLeavesOut_ComesFromTheEnvironment_AsLibpqTakesIt()
    {
        var environment = new Dictionary<string, string> { ["PGHOST"] = "env.example", ["PGPORT"] = "6001", ["PGDATABASE"] = "envdb" };
        var b = PostgresAddress.Parse("postgresql://", n => environment.GetValueOrDefault(n));
        Assert.Equal(("env.example", 6001, "envdb"), (b.Host, b.Port, b.Database));
        var given = PostgresAddress.Parse("postgresql://h.example:5432/d", n => environment.GetValueOrDefault(n));
        Assert.Equal(("h.example", 5432, "d"), (given.Host, given.Port, given.Database));
        Assert.False(string.IsNullOrEmpty(PostgresAddress.Parse("dbname=d", NoEnvironment).Host)); // the local server, never no host at all
        var e = Assert.Throws<StorageException>(() => PostgresAddress.Parse("dbname=d", n => n == "PGPORT" ? "54x32" : null));
        Assert.Contains("PGPORT '54x32' is not a number from 1 to 65535", e.Message);
    }

    [Theory]
    [InlineData("postgresql://h.example/d?foo=bar", "unknown parameter 'foo'")]
    [InlineData("postgresql://h.example:99999/d", "the port '99999' is not a number from 1 to 65535")]
    [InlineData("postgresql://[::1/d", "does not close it")]
    [InlineData("postgresql://h.example/d?sslmode", "has no value")]
    [InlineData("host=/tmp dbname", "'dbname' has no '=' and value")]
    [InlineData("host='/tmp dbname=d", "opens a quote and does not close it")]
    [InlineData("mysql://h.example/d", "the scheme is mysql")]
    public void AnAddressItCannotRead_IsOneLineSayingWhy(string address, string why)
    {
        var e = Assert.Throws<StorageException>(() => PostgresAddress.Parse(address, NoEnvironment));
        Assert.Contains(why, e.Message);
        Assert.Contains("expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AnyAddress_IsReadOrRefusedInOneLine_NeverAnotherException()
    {
        string[] pieces = ["postgresql://", "postgres://", "u", ":", "@", "[", "]", "::1", "/", "?", "&", "=", ",", "%", "%2F", "%zz", "'", "\\",
            " ", ";", "host", "port", "99999", "5432", "-1", "dbname", "sslmode", "verify-full", "Host", "Port", "abc", "user", "\u00e9", ""];
        var random = new Random(15);
        for (int i = 0; i < 5000; i++)
        {
            var address = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            try
            {
                PostgresAddress.Parse(address, NoEnvironment);
            }
            catch (StorageException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
            Assert.NotNull(PostgresAddress.Describe(address));
        }
    }

    [Theory]
    [InlineData("harvester.db")]
    [InlineData("runs/port=1.db")]
    [InlineData("/data/a;b.db")]
    [InlineData("C:\\data\\harvester.db")]
    public void AFilePath_IsLiteDb(string path) => Assert.False(StoreAddress.IsPostgres(path));

    [Fact]
    public void TheUnixSocketForms_ReachTheServer()
    {
        var server = PostgresServer.Instance;
        var address = server.CreateDatabase();
        var database = PostgresServer.DatabaseName(address);
        foreach (var form in new[]
                 {
                     $"host={server.DataDirectory} port={server.Port} user=harvester dbname={database}",
                     $"postgresql://harvester@{Uri.EscapeDataString(server.DataDirectory)}:{server.Port}/{database}",
                     $"postgresql:///{database}?host={server.DataDirectory}&port={server.Port}&user=harvester",
                 })
        {
            using var store = PostgresStore.Open(form, TimeProvider.System);
            store.Sites.Add("a.example", 2010, 2011);
        }
        Assert.Equal(1L, server.Scalar(database, "SELECT count(*) FROM sites")); // one database, reached three ways
    }
}
