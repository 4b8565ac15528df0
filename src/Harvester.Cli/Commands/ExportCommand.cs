using System.CommandLine;
using System.Text;
using System.Text.Json;
using Harvester.Core.Extraction;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester export --out DIR [--format md|html|jsonl]</c>: md and html write each site's latest version in the
/// dataset's layout (<c>c/ch/cha/chaamp.com.md</c>; html with the provenance comment); jsonl writes every version
/// with every provenance field to <c>DIR/policies.jsonl</c>. The same database always gives the same bytes. With
/// <c>--at 2018A</c>, the store as it was in that half-year: each site's text as last found at or before it (sites
/// first found later are absent), and in jsonl each version with only the half-years up to it.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder.", Required = true };
        var format = new Option<string>("--format") { Description = "md, html, jsonl, parquet or git.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "html", "jsonl", "parquet", "git");
        var at = new Option<string?>("--at")
        {
            Description = "The store as it was in this half-year (2018A = January-June 2018, 2018B = July-December).",
            HelpName = "HALF_YEAR",
        };
        at.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } label && !System.Text.RegularExpressions.Regex.IsMatch(label, "^(199[6-9]|20[0-9]{2})[AB]$"))
            {
                result.AddError($"--at '{label}' is not a half-year (like 2018A or 2018B)");
            }
        });
        var command = new Command("export", "Export stored policies: the dataset's Markdown or HTML layout, or JSON Lines.") { outDir, format, at };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var asOf = parseResult.GetValue(at);
            var dir = ServedQuery.FullPath(parseResult.GetValue(outDir)!);
            using var session = StoreSession.OpenExisting(parseResult);
            if (parseResult.GetValue(format) == "git")
            {
                if (asOf is not null)
                {
                    await error.WriteLineAsync("harvester: --at does not apply to --format git (each half-year is its own commit; check one out)");
                    return ExitCodes.Usage;
                }
                try
                {
                    int commits = await new GitExport(session.Store.Versions).WriteAsync(dir, cancellationToken);
                    await output.WriteLineAsync(commits == 0
                        ? $"{dir}: up to date (no half-year after its last commit)"
                        : $"exported {Counted.Of(commits, "half-year")} as commits to {dir}");
                    return ExitCodes.Success;
                }
                catch (ExportRefusedException e)
                {
                    await error.WriteLineAsync($"harvester: {e.Message}");
                    return ExitCodes.Usage;
                }
            }
            Directory.CreateDirectory(dir);
            int written = 0;
            switch (parseResult.GetValue(format))
            {
                case "jsonl":
                    written = await WriteJsonLinesAsync(session, Path.Combine(dir, "policies.jsonl"), asOf, cancellationToken);
                    break;
                case "parquet":
                    written = await ParquetExport.WriteAsync(AsOf(session.Store.Versions.All(), asOf), Path.Combine(dir, "policies.parquet"), cancellationToken);
                    break;
                default:
                    bool html = parseResult.GetValue(format) == "html";
                    foreach (var latest in LatestPerSite(AsOf(session.Store.Versions.All(), asOf)))
                    {
                        var path = Path.Combine(dir, DatasetLayout.RelativePath(latest.Site, html ? ".html" : ".md"));
                        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                        var text = html ? HtmlWithProvenance(session, latest) : latest.Markdown;
                        await AtomicFile.WriteAsync(path, Encoding.UTF8.GetBytes(text), cancellationToken);
                        written++;
                    }
                    break;
            }
            await output.WriteLineAsync($"exported {Counted.Of(written, parseResult.GetValue(format) is "jsonl" or "parquet" ? "version" : "site")} to {dir}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Each site's latest version (the last half-year seen, then the highest number) from versions in site order,
    /// holding one site's best at a time: a store can be far larger than memory.
    /// </summary>
    private static IEnumerable<VersionRecord> LatestPerSite(IEnumerable<VersionRecord> versionsInSiteOrder)
    {
        VersionRecord? best = null;
        foreach (var v in versionsInSiteOrder)
        {
            if (best is not null && best.Site != v.Site)
            {
                yield return best;
                best = null;
            }
            if (best is null || string.CompareOrdinal(v.LastInterval, best.LastInterval) > 0 ||
                (v.LastInterval == best.LastInterval && v.Number > best.Number))
            {
                best = v;
            }
        }
        if (best is not null) yield return best;
    }

    /// <summary>
    /// The versions as they were in half-year <paramref name="asOf"/> (all of them when null): only the half-years up to
    /// it, and only versions found by then. A version found again later keeps only its earlier half-years, so the
    /// latest per site is the text last found at or before <paramref name="asOf"/>.
    /// </summary>
    private static IEnumerable<VersionRecord> AsOf(IEnumerable<VersionRecord> versions, string? asOf)
    {
        foreach (var v in versions)
        {
            if (asOf is null)
            {
                yield return v;
                continue;
            }
            var seen = v.Intervals.Where(i => string.CompareOrdinal(i, asOf) <= 0).Order(StringComparer.Ordinal).ToList();
            if (seen.Count == 0) continue;
            v.Intervals = seen;
            v.FirstInterval = seen[0];
            v.LastInterval = seen[^1];
            yield return v;
        }
    }

    private static string HtmlWithProvenance(StoreSession session, VersionRecord version)
    {
        var bytes = session.Store.Payloads.Get(version.PayloadSha256);
        var html = HtmlDecoder.Decode(bytes, version.Charset).Text;
        var provenance = Provenance.ForCapture(version.Site, version.PolicyTimestamp, version.PolicyUrl);
        return ProvenanceComment.Format(provenance) + "\n\n" + html;
    }

    /// <summary>Streams every version to <paramref name="path"/> (never all of them in memory: a store can hold gigabytes).</summary>
    private static Task<int> WriteJsonLinesAsync(StoreSession session, string path, string? asOf, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, async file =>
        {
            int count = 0;
            using var buffer = new MemoryStream();
            foreach (var v in AsOf(session.Store.Versions.All(), asOf))
            {
                cancellationToken.ThrowIfCancellationRequested();
                buffer.SetLength(0);
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    json.WriteString("site", v.Site);
                    json.WriteNumber("version", v.Number);
                    json.WriteString("first_interval", v.FirstInterval);
                    json.WriteString("last_interval", v.LastInterval);
                    json.WriteStartArray("intervals");
                    foreach (var i in v.Intervals) json.WriteStringValue(i);
                    json.WriteEndArray();
                    json.WriteString("policy_url", v.PolicyUrl);
                    json.WriteString("policy_timestamp", v.PolicyTimestamp);
                    json.WriteString("snapshot_url", v.SnapshotUrl);
                    json.WriteString("home_timestamp", v.HomeTimestamp);
                    json.WriteString("title", v.Title);
                    json.WriteString("text_sha256", v.TextHash);
                    json.WriteString("simhash", ((ulong)v.SimHash).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
                    if (v.NearDuplicateOf is { } near) json.WriteNumber("near_duplicate_of", near);
                    else json.WriteNull("near_duplicate_of");
                    json.WriteString("payload_sha256", v.PayloadSha256);
                    json.WriteString("extractor", v.ExtractorVersion);
                    json.WriteString("markdown", v.Markdown);
                    json.WriteEndObject();
                }
                buffer.WriteByte((byte)'\n');
                await file.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
                count++;
            }
            return count;
        }, cancellationToken);
}
