using Harvester.Core.Versioning;

namespace Harvester.Storage;

/// <summary>
/// The rule every backend applies when a half-year's policy is found: the same text extends its version (the half-year
/// added to its list), a new text becomes the site's next version, marked as a near duplicate of the closest earlier
/// one when their SimHashes are within <see cref="SimHash.NearDistance"/> bits.
/// </summary>
public static class VersionLineage
{
    /// <summary>What to store: <see cref="Version"/> changed in place (<see cref="IsNew"/> false) or to insert.</summary>
    public readonly record struct Decision(VersionRecord Version, bool IsNew);

    /// <param name="versions">
    /// Every stored version of the site; only <see cref="VersionRecord.Id"/>, number, text hash and SimHash are read.
    /// </param>
    /// <param name="load">Reads whole the version of one of <paramref name="versions"/> (the one with the candidate's text, which is extended).</param>
    public static Decision Apply(IReadOnlyList<VersionRecord> versions, string site, string interval, VersionRecord candidate, DateTime now,
        Func<VersionRecord, VersionRecord> load)
    {
        var same = versions.FirstOrDefault(v => v.TextHash == candidate.TextHash);
        if (same is not null) same = load(same);
        if (same is not null)
        {
            if (!same.Intervals.Contains(interval))
            {
                same.Intervals.Add(interval);
                same.Intervals.Sort(StringComparer.Ordinal);
            }
            same.FirstInterval = same.Intervals[0];
            same.LastInterval = same.Intervals[^1];
            return new Decision(same, IsNew: false);
        }
        candidate.Site = site;
        candidate.Number = versions.Count == 0 ? 1 : versions.Max(v => v.Number) + 1;
        candidate.Intervals = [interval];
        candidate.FirstInterval = candidate.LastInterval = interval;
        candidate.CreatedAt = now;
        candidate.NearDuplicateOf = versions
            .Where(v => SimHash.Distance((ulong)v.SimHash, (ulong)candidate.SimHash) <= SimHash.NearDistance)
            .OrderBy(v => SimHash.Distance((ulong)v.SimHash, (ulong)candidate.SimHash)).ThenBy(v => v.Number)
            .Select(v => (int?)v.Number).FirstOrDefault();
        return new Decision(candidate, IsNew: true);
    }

    /// <summary>The half-year record of one that yielded no policy, as given, stored now.</summary>
    public static IntervalRecord EmptyInterval(IntervalRecord outcome, DateTime now) => new()
    {
        Id = outcome.Site + "/" + outcome.Interval, Site = outcome.Site, Interval = outcome.Interval, Outcome = outcome.Outcome, Detail = outcome.Detail,
        HomeTimestamp = outcome.HomeTimestamp, PolicyUrl = outcome.PolicyUrl, Requests = outcome.Requests, RecordedAt = now,
    };

    /// <summary>The half-year record of a found policy.</summary>
    public static IntervalRecord FoundInterval(string site, string interval, VersionRecord version, VersionRecord candidate, int requests, DateTime now) => new()
    {
        Id = site + "/" + interval, Site = site, Interval = interval, Outcome = IntervalOutcomes.Found,
        HomeTimestamp = candidate.HomeTimestamp, PolicyUrl = candidate.PolicyUrl, PolicyTimestamp = candidate.PolicyTimestamp,
        Version = version.Number, Requests = requests, RecordedAt = now,
    };
}
