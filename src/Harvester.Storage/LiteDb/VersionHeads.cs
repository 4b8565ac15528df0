namespace Harvester.Storage.LiteDb;

/// <summary>
/// The heads of the sites' versions (id, number, text hash, SimHash) that deciding a found policy reads, kept in memory
/// between half-years. LiteDB reads a whole document (Markdown included) to project four fields, so reading a site's
/// versions at every half-year was a third of a crawl's time in the database. The file belongs to this process alone,
/// and every change to a version passes through <see cref="LiteDbVersionStore"/>, which updates this only once its
/// transaction committed and forgets a site whose transaction failed. Used under the store's gate only.
/// </summary>
internal sealed class VersionHeads
{
    /// <summary>Sites kept at most; past that, the heads are read again (a crawl works on a few sites at a time).</summary>
    public const int MaxSites = 1024;

    private readonly Dictionary<string, List<VersionRecord>> _bySite = new(StringComparer.Ordinal);

    public IReadOnlyList<VersionRecord>? Get(string site) => _bySite.GetValueOrDefault(site);

    /// <summary>Keeps the heads read from the store and returns them.</summary>
    public IReadOnlyList<VersionRecord> Read(string site, IEnumerable<VersionRecord> heads)
    {
        if (_bySite.Count >= MaxSites) _bySite.Clear();
        var list = heads.ToList();
        _bySite[site] = list;
        return list;
    }

    /// <summary>A version of the site was inserted or updated (and committed).</summary>
    public void Stored(string site, VersionRecord version)
    {
        if (_bySite.TryGetValue(site, out var heads)) Put(heads, version);
    }

    /// <summary>Puts a version's head into a site's heads: in place of its old head, or added.</summary>
    private static void Put(List<VersionRecord> heads, VersionRecord version)
    {
        var head = new VersionRecord { Id = version.Id, Number = version.Number, TextHash = version.TextHash, SimHash = version.SimHash };
        int at = heads.FindIndex(h => h.Id == version.Id);
        if (at >= 0) heads[at] = head;
        else heads.Add(head);
    }

    public void Forget(string site) => _bySite.Remove(site);
}
