using Harvester.Tests.Support;

namespace Harvester.Tests.Archive;

/// <summary>The committed <c>fixtures/archive</c> is exactly what <see cref="FixtureArchive"/> generates.</summary>
public sealed class FixtureArchiveTests
{
    [Fact]
    public void FixtureArchive_CommittedFiles_EqualGeneratedFiles()
    {
        if (Environment.GetEnvironmentVariable("HARVESTER_WRITE_FIXTURES") == "1")
        {
            FixtureArchive.Write(FixtureArchive.Folder);
            foreach (var stale in Directory.EnumerateFiles(FixtureArchive.Folder, "index.cdxj*")) File.Delete(stale);
        }
        using var temp = new TemporaryDirectory();
        FixtureArchive.Write(temp.Path);

        foreach (var name in FixtureArchive.Files)
        {
            var committed = Path.Combine(FixtureArchive.Folder, name);
            Assert.True(File.Exists(committed), $"{committed} is missing: run HARVESTER_WRITE_FIXTURES=1 dotnet test --filter FixtureArchive");
            Assert.True(File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(temp.Combine(name))),
                $"{name} differs from what FixtureArchive writes: regenerate with HARVESTER_WRITE_FIXTURES=1");
        }
    }
}
