namespace Harvester.Storage;

/// <summary>Every record of a store, kind by kind, read a slice at a time (what <c>migrate</c> copies and verifies).</summary>
public interface IRecordSource
{
    IEnumerable<SiteRecord> AllSites();
    IEnumerable<CaptureRecord> AllCaptures();
    IEnumerable<LookupRecord> AllLookups();
    IEnumerable<PayloadRecord> AllPayloads();
    IEnumerable<FetchedDigestRecord> AllFetchedDigests();
    IEnumerable<IntervalRecord> AllIntervals();
    IEnumerable<VersionRecord> AllVersions();
    IEnumerable<JobRecord> AllJobs();
    IEnumerable<MarkerRecord> AllMarkers();
}

/// <summary>
/// Writes records as they are (ids, states and times kept) into a store. Each call is one transaction, and a record
/// whose key is already there is left alone, so copying the same records again changes nothing: a copy that was cut
/// off is resumed by running it again.
/// </summary>
public interface IRecordSink
{
    /// <returns>How many were new.</returns>
    int Add(IReadOnlyList<SiteRecord> records);
    int Add(IReadOnlyList<CaptureRecord> records);
    int Add(IReadOnlyList<LookupRecord> records);
    int Add(IReadOnlyList<PayloadRecord> records);
    int Add(IReadOnlyList<FetchedDigestRecord> records);
    int Add(IReadOnlyList<IntervalRecord> records);
    int Add(IReadOnlyList<VersionRecord> records);
    int Add(IReadOnlyList<JobRecord> records);
    int Add(IReadOnlyList<MarkerRecord> records);

    /// <summary>After copying records with their ids: new records get ids after the highest copied.</summary>
    void AfterCopy();
}
