using Harvester.Storage;

namespace Harvester.Crawl;

/// <summary>
/// The half-years of one site's crawl that yielded no policy, on their way to the store. One that cost the archive
/// nothing (no capture in it, once the site's capture lists are known) waits and is stored with the next one that did,
/// or at the end of the crawl: a crash loses only what costs nothing to find again, and a site with many such
/// half-years is one transaction instead of one each.
/// </summary>
internal sealed class EmptyHalfYears(IVersionStore versions)
{
    private readonly List<IntervalRecord> _waiting = [];

    public void Record(IntervalRecord outcome)
    {
        _waiting.Add(outcome);
        if (outcome.Requests > 0) Flush();
    }

    /// <summary>Stores every half-year waiting, in one transaction.</summary>
    public void Flush()
    {
        if (_waiting.Count == 0) return;
        versions.RecordEmpty(_waiting);
        _waiting.Clear();
    }
}
