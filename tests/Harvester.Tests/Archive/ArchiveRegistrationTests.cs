using Harvester.Archive;
using Harvester.Archive.Warc;
using Harvester.Archive.Wayback;
using Harvester.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Harvester.Tests.Archive;

public sealed class ArchiveRegistrationTests
{
    private static ServiceProvider Build(string location, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        return new ServiceCollection().AddLogging().AddWebArchive(configuration, location).BuildServiceProvider();
    }

    [Fact]
    public void AddWebArchive_Url_GivesTheWaybackClientWithBoundOptions()
    {
        using var services = Build("http://127.0.0.1:9/", ("Wayback:SnapshotRequestsPerSecond", "2.5"), ("Wayback:Contact", "me@example.org"));

        var archive = services.GetRequiredService<IWebArchive>();

        Assert.IsType<WaybackArchive>(archive);
        Assert.Equal("http://127.0.0.1:9/", archive.Location);
        Assert.Equal(2.5, services.GetRequiredService<IOptions<WaybackOptions>>().Value.SnapshotRequestsPerSecond);
    }

    [Fact]
    public void AddWebArchive_Folder_GivesTheLocalArchive()
    {
        using var services = Build(FixtureArchive.Folder);
        Assert.IsType<WarcArchive>(services.GetRequiredService<IWebArchive>());
    }

    [Fact]
    public void AddWebArchive_NegativeRate_FailsValidationWithTheSetting()
    {
        using var services = Build("http://127.0.0.1:9/", ("Wayback:CdxRequestsPerMinute", "-5"));

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<WaybackOptions>>().Value);

        Assert.Contains("CdxRequestsPerMinute", e.Message);
    }
}
