using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>A mistyped <c>--db</c>: only commands that write may create a store; the others say so and create nothing.</summary>
public sealed class MissingDatabaseTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("status")]
    [InlineData("versions", "example.com")]
    [InlineData("show", "example.com")]
    [InlineData("diff", "example.com")]
    [InlineData("search", "privacy")]
    [InlineData("export", "--out", "OUT")]
    [InlineData("retry")]
    public async Task ReadingCommand_MissingDatabase_SaysSoInOneLineAndCreatesNothing(params string[] command)
    {
        var db = _dir.Combine("typo.db");
        var args = command.Select(a => a == "OUT" ? _dir.Combine("out") : a).ToArray();

        var run = await CliRun.RunAsync(["--db", db, .. args]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal($"harvester: {db}: no such database (check --db; 'harvester add' or 'crawl' creates one)", run.Error.TrimEnd('\n'));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task Add_MissingDatabase_CreatesIt()
    {
        var db = _dir.Combine("new.db");

        var run = await CliRun.RunAsync("--db", db, "add", "example.com");

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(db));
    }
}
