using System.Security.Cryptography;
using System.Text;

namespace Harvester.Storage;

/// <summary>
/// Copies every record of one store into another (LiteDB to PostgreSQL with <c>harvester migrate</c>), kind by kind in
/// batches, then verifies the copy: per kind, the count and an order-independent fingerprint of every record's
/// content must be equal on both sides. Running it again after an interruption copies what is missing.
/// </summary>
public sealed class StoreMigration(IRecordSource source, IRecordSink target, IRecordSource targetRecords)
{
    public const int BatchSize = 500;

    /// <summary>One kind of record: its name, how to copy it, and how to fingerprint each side.</summary>
    private sealed record Kind(string Name, Func<IProgress<(string Kind, int Copied, int New)>?, CancellationToken, (int Read, int New)> Copy,
        Func<IRecordSource, (long Count, string Fingerprint)> Fingerprint);

    public readonly record struct KindResult(string Kind, int Read, int New, long SourceCount, long TargetCount, bool Matches);

    private IEnumerable<Kind> Kinds() =>
    [
        Make("sites", s => s.AllSites(), target.Add, r => $"{r.Domain}|{r.FromYear}|{r.ToYear}|{r.State}|{r.Requests}"),
        Make("captures", s => s.AllCaptures(), target.Add, r => $"{r.UrlKey}|{r.Timestamp}|{r.Url}|{r.Status}|{r.Digest}"),
        Make("lookups", s => s.AllLookups(), target.Add, r => $"{r.UrlKey}|{r.FromYear}|{r.ToYear}"),
        Make("payloads", s => s.AllPayloads(), target.Add, r => $"{r.Sha256}|{r.Length}"),
        Make("digests", s => s.AllFetchedDigests(), target.Add, r => $"{r.Digest}|{r.Sha256}|{r.StatusCode}|{r.ContentType}|{r.RedirectTarget}"),
        Make("versions", s => s.AllVersions(), target.Add, r =>
            $"{r.Id}|{r.Site}|{r.Number}|{r.PolicyUrl}|{r.PolicyTimestamp}|{r.SnapshotUrl}|{r.HomeTimestamp}|{r.Title}|{Hash(r.Markdown)}|{r.TextHash}|{r.SimHash}|" +
            $"{r.NearDuplicateOf}|{r.ExtractorVersion}|{r.PayloadSha256}|{r.Charset}|{string.Join(',', r.Intervals)}"),
        Make("intervals", s => s.AllIntervals(), target.Add, r =>
            $"{r.Site}|{r.Interval}|{r.Outcome}|{r.Detail}|{r.HomeTimestamp}|{r.PolicyUrl}|{r.PolicyTimestamp}|{r.Version}|{r.Requests}"),
        Make("jobs", s => s.AllJobs(), target.Add, r => $"{r.Id}|{r.Site}|{r.State}|{r.Attempts}|{r.LastError}|{r.LastErrorKind}"),
        Make("markers", s => s.AllMarkers(), target.Add, r => $"{r.Name}"),
    ];

    private Kind Make<T>(string name, Func<IRecordSource, IEnumerable<T>> read, Func<IReadOnlyList<T>, int> add, Func<T, string> canonical) =>
        new(name,
            (progress, cancellationToken) =>
            {
                int total = 0, added = 0;
                foreach (var batch in read(source).Chunk(BatchSize))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    added += add(batch);
                    total += batch.Length;
                    progress?.Report((name, total, added));
                }
                return (total, added);
            },
            side => Fingerprint(read(side), canonical));

    /// <summary>Copies, then verifies; the results say per kind what was read, what was new, and whether both sides agree.</summary>
    public IReadOnlyList<KindResult> Run(IProgress<(string Kind, int Copied, int New)>? progress = null, CancellationToken cancellationToken = default)
    {
        var copied = Kinds().Select(k => (k, r: k.Copy(progress, cancellationToken))).ToList();
        target.AfterCopy();
        return copied.Select(c =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (sourceCount, sourcePrint) = c.k.Fingerprint(source);
            var (targetCount, targetPrint) = c.k.Fingerprint(targetRecords);
            return new KindResult(c.k.Name, c.r.Read, c.r.New, sourceCount, targetCount, sourceCount == targetCount && sourcePrint == targetPrint);
        }).ToList();
    }

    private static (long Count, string Fingerprint) Fingerprint<T>(IEnumerable<T> records, Func<T, string> canonical)
    {
        long count = 0;
        ulong sum = 0, xor = 0;
        foreach (var record in records)
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(canonical(record)));
            ulong value = BitConverter.ToUInt64(digest, 0);
            sum += value;
            xor ^= BitConverter.ToUInt64(digest, 8);
            count++;
        }
        return (count, $"{sum:x16}{xor:x16}");
    }

    private static string Hash(string text) => PayloadCodec.Sha256(Encoding.UTF8.GetBytes(text));
}
