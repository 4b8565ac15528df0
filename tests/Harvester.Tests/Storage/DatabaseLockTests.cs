using System.Diagnostics;
using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Storage;

/// <summary>One process per database, with a little patience for commands that hold it for a moment.</summary>
public sealed class DatabaseLockTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_WaitsForAHolderThatLetsGoWithinThePatience()
    {
        var path = _dir.Combine("h.db");
        var held = DatabaseLock.Acquire(path);
        var release = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
            held.Dispose();
        }, TestContext.Current.CancellationToken);

        using (var database = LiteDbFile.Open(path)) Assert.Equal(path, database.Path);
        await release;
    }

    [Fact]
    public void Open_RefusesWithOneClearLine_WhenTheHolderKeepsIt()
    {
        var path = _dir.Combine("h.db");
        using var held = DatabaseLock.Acquire(path);
        var clock = Stopwatch.StartNew();
        var refused = Assert.Throws<StorageException>(() => LiteDbFile.Open(path));
        Assert.True(clock.Elapsed >= DatabaseLock.Patience - TimeSpan.FromMilliseconds(100), $"gave up after {clock.Elapsed}");
        Assert.Contains("in use by another harvester process", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
    }
}
