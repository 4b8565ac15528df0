using System.Diagnostics;
using Harvester.Core.Extraction;

namespace Harvester.Cli.Commands;

/// <summary>
/// Runs <c>harvester extract</c>: streams the input files through the extractor (one page in memory per worker),
/// writes <c>SITE.md</c> files atomically, reports <c>PATH: reason</c> for each failure and a throughput summary.
/// </summary>
internal sealed class ExtractRunner(TextWriter output, TextWriter error)
{
    private readonly Lock _consoleLock = new();

    public async Task<int> RunAsync(ExtractRequest request, CancellationToken cancellationToken)
    {
        var inputs = new List<string>();
        foreach (var path in request.Paths)
        {
            if (Directory.Exists(path))
            {
                inputs.AddRange(Directory.EnumerateFiles(path, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                inputs.Add(path);
            }
            else
            {
                await error.WriteLineAsync($"{path}: no such file or folder");
                return ExitCodes.Usage;
            }
        }

        try
        {
            Directory.CreateDirectory(request.OutputDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{request.OutputDirectory}: cannot create output folder: {e.Message}");
            return ExitCodes.Usage;
        }

        var (names, dated) = request.RawPage is null ? await OutputNamesAsync(inputs, cancellationToken) : ([], 0);
        var extractor = new PolicyExtractor(request.Options);
        int converted = 0, failed = 0;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            inputs,
            new ParallelOptions { MaxDegreeOfParallelism = request.Jobs, CancellationToken = cancellationToken },
            async (path, ct) =>
            {
                try
                {
                    var content = await File.ReadAllBytesAsync(path, ct);
                    Interlocked.Add(ref bytes, content.Length);
                    var (site, result) = Extract(extractor, content, request.RawPage);
                    var name = names.GetValueOrDefault(path) ?? SafeFileName(site) + ".md";
                    await AtomicFile.WriteAsync(Path.Combine(request.OutputDirectory, name), new System.Text.UTF8Encoding(false).GetBytes(result.Markdown), ct);
                    Interlocked.Increment(ref converted);
                }
                catch (Exception e) when (e is ExtractionException or IOException or UnauthorizedAccessException or FormatException)
                {
                    Interlocked.Increment(ref failed);
                    lock (_consoleLock) error.WriteLine($"{path}: {e.Message}");
                }
            });
        clock.Stop();

        if (dated > 0)
        {
            await output.WriteLineAsync($"{Counted.Of(dated, "page")} named SITE.YYYY-MM-DD.md: their sites have several pages in this run");
        }

        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-6);
        await output.WriteLineAsync(
            $"extracted {converted} of {Counted.Of(inputs.Count, "file")} in {seconds:0.00} s" +
            // A rate only when something was converted: a failed file's speed says nothing about the extractor.
            (converted > 0 ? $" ({(converted + failed) / seconds:0.0} documents/s, {bytes / 1048576.0 / seconds:0.00} MB/s)" : string.Empty) +
            (failed > 0 ? $"; {failed} failed" : string.Empty));
        return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
    }

    private static (string Site, ExtractionResult Result) Extract(PolicyExtractor extractor, byte[] content, RawPageProvenance? raw)
    {
        if (raw is null)
        {
            var result = extractor.ExtractDatasetPage(content);
            return (result.Provenance.Site, result);
        }
        var provenance = Provenance.ForCapture(raw.Site, raw.Timestamp, raw.Url);
        return (raw.Site, extractor.Extract(content, provenance, raw.Charset));
    }

    /// <summary>
    /// The Markdown file each dataset page is written to: <c>SITE.md</c>, or, where several pages of the run are of one
    /// site (its versions from several half-years, say), <c>SITE.YYYY-MM-DD.md</c> by archive date for each of them,
    /// then <c>-2</c>, <c>-3</c>… in input order for pages of one date; so no page's Markdown overwrites another's,
    /// and the names do not depend on which page a parallel run finishes first. Sites are compared ignoring case, as
    /// a file system may. A page whose comment cannot be read here gets no name: it fails, or is named when read.
    /// </summary>
    private static async Task<(Dictionary<string, string> Names, int Dated)> OutputNamesAsync(List<string> inputs, CancellationToken cancellationToken)
    {
        var pages = new List<(string Path, string Site, string Date)>();
        var buffer = new byte[ProvenancePrefixBytes];
        foreach (var path in inputs)
        {
            try
            {
                await using var stream = File.OpenRead(path);
                int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
                if (ProvenanceComment.TryParse(text, out var provenance, out _))
                {
                    pages.Add((path, SafeFileName(provenance!.Site), provenance.ArchivedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Reported when the page itself is read.
            }
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        int dated = 0;
        foreach (var site in pages.GroupBy(p => p.Site, StringComparer.OrdinalIgnoreCase))
        {
            if (site.Count() == 1)
            {
                names[site.First().Path] = site.First().Site + ".md";
                continue;
            }
            foreach (var date in site.GroupBy(p => p.Date, StringComparer.Ordinal))
            {
                int n = 0;
                foreach (var page in date)
                {
                    n++;
                    dated++;
                    names[page.Path] = $"{page.Site}.{page.Date}{(n == 1 ? string.Empty : "-" + n)}.md";
                }
            }
        }
        return (names, dated);
    }

    /// <summary>The provenance comment is the file's first bytes; a URL would have to be absurdly long to push it past this.</summary>
    private const int ProvenancePrefixBytes = 16 * 1024;

    /// <summary>A site name as a file name: path separators and other unsafe characters become '_'.</summary>
    private static string SafeFileName(string site)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = site.Select(c => invalid.Contains(c) || c == '\\' ? '_' : c).ToArray();
        var name = new string(chars).Trim('.');
        return name.Length == 0 ? "_" : name;
    }
}
