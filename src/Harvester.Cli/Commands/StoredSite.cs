using System.CommandLine;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>
/// The site a query command names, with its versions: every query says the same thing, with the same exit code, for
/// a site that is not in the store or a version it does not have.
/// </summary>
internal sealed class StoredSite
{
    private StoredSite(string domain, string store, IReadOnlyList<VersionRecord> versions)
    {
        Domain = domain;
        Store = store;
        Versions = versions;
    }

    public string Domain { get; }
    public string Store { get; }
    public IReadOnlyList<VersionRecord> Versions { get; }

    /// <summary>The argument every per-site query takes.</summary>
    public static Argument<string> DomainArgument() => new("DOMAIN") { Description = "The site, as added (example.com)." };

    /// <exception cref="NotFoundException">The site is not in the store.</exception>
    public static StoredSite Load(StoreSession session, string domain)
    {
        var site = domain.Trim().ToLowerInvariant();
        if (session.Store.Sites.Find(site) is null)
        {
            throw new NotFoundException($"{site} is not in {session.Store.Location} (add it with 'harvester add {site}')");
        }
        return new StoredSite(site, session.Store.Location, session.Store.Versions.ForSite(site));
    }

    /// <exception cref="NotFoundException">The site has no version <paramref name="number"/>.</exception>
    public VersionRecord Version(int number) =>
        Versions.FirstOrDefault(v => v.Number == number) ?? throw new NotFoundException($"{Domain} has no version {number} ({Has()})");

    /// <summary>What versions there are, for messages: "it has 2 versions, v1..v2".</summary>
    public string Has() => Versions.Count switch
    {
        0 => "no version stored yet; 'harvester versions " + Domain + "' shows each half-year's outcome",
        1 => "it has 1 version, v1",
        _ => $"it has {Versions.Count} versions, v1..v{Versions.Count}",
    };
}
