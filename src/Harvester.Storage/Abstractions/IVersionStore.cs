namespace Harvester.Storage;

/// <summary>
/// Policy versions and half-year outcomes. A version is a distinct text: the same text again extends it (new
/// half-year, later last-seen); a new text becomes the next version, marked when nearly identical to an earlier one.
/// A half-year's outcome and its version change are stored in one transaction, so a crash never half-records one,
/// and recording the same half-year twice (a site crawled again after a lease ran out) stores nothing twice.
/// </summary>
public interface IVersionStore
{
    IntervalRecord? FindInterval(string site, string interval);

    /// <summary>The site's recorded half-years, in order.</summary>
    IReadOnlyList<IntervalRecord> Intervals(string site);

    /// <summary>The site's versions by number.</summary>
    IReadOnlyList<VersionRecord> ForSite(string site);

    /// <summary>A version by its store id (as <see cref="VersionRecord.Id"/>).</summary>
    VersionRecord? FindById(int id);

    VersionRecord? Find(string site, int number);

    /// <summary>Every version in site (ordinal) and number order, read a slice at a time (an export of a million stays small).</summary>
    IEnumerable<VersionRecord> All();

    int Count { get; }

    /// <summary>Recorded half-years by outcome (outcomes with none left out).</summary>
    IReadOnlyDictionary<string, int> CountIntervalsByOutcome();

    /// <summary>Records a half-year that yielded no policy, and why.</summary>
    void RecordEmpty(string site, string interval, string outcome, string? detail, int requests, string? homeTimestamp = null, string? policyUrl = null) =>
        RecordEmpty([new IntervalRecord
        {
            Site = site, Interval = interval, Outcome = outcome, Detail = detail, HomeTimestamp = homeTimestamp, PolicyUrl = policyUrl, Requests = requests,
        }]);

    /// <summary>
    /// Records half-years that yielded no policy (site, half-year, outcome, detail, home page timestamp, policy URL and
    /// requests of each), all in one transaction; the store sets when.
    /// </summary>
    void RecordEmpty(IReadOnlyList<IntervalRecord> outcomes) => Record(outcomes, []);

    /// <summary>Records a found policy: extends the version with the same text, or adds the next version.</summary>
    /// <returns>The version's number, and whether this text was new.</returns>
    (int Number, bool IsNew) RecordFound(string site, string interval, VersionRecord candidate, int requests) =>
        Record([], [new FoundPolicy(site, interval, candidate, requests)])[0];

    /// <summary>
    /// Records half-years in one transaction: first those that yielded no policy (as <see cref="RecordEmpty(IReadOnlyList{IntervalRecord})"/>),
    /// then each found policy in order, each decided as <see cref="RecordFound"/> would after the ones before it.
    /// </summary>
    /// <returns>For each found policy, its version's number and whether its text was new.</returns>
    IReadOnlyList<(int Number, bool IsNew)> Record(IReadOnlyList<IntervalRecord> empty, IReadOnlyList<FoundPolicy> found);

    /// <summary>
    /// Versions whose policy text contains <paramref name="text"/> (case-insensitive), optionally of one site: with a
    /// <paramref name="limit"/> (0 for all), the first that many in the order they were stored; shown by site (ordinal)
    /// and number.
    /// </summary>
    SearchResult Search(string text, string? site = null, int limit = 0);

    /// <summary>Replaces a version's Markdown after re-extraction (same text hash rules do not merge versions here).</summary>
    void UpdateMarkdown(VersionRecord version);
}
