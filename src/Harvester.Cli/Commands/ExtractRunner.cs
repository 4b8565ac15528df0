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
                    await AtomicFile.WriteAsync(Path.Combine(request.OutputDirectory, SafeFileName(site) + ".md"), new System.Text.UTF8Encoding(false).GetBytes(result.Markdown), ct);
                    Interlocked.Increment(ref converted);
                }
                catch (Exception e) when (e is ExtractionException or IOException or UnauthorizedAccessException or FormatException)
                {
                    Interlocked.Increment(ref failed);
                    lock (_consoleLock) error.WriteLine($"{path}: {e.Message}");
                }
            });
        clock.Stop();

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

    /// <summary>A site name as a file name: path separators and other unsafe characters become '_'.</summary>
    private static string SafeFileName(string site)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var chars = site.Select(c => invalid.Contains(c) || c == '\\' ? '_' : c).ToArray();
        var name = new string(chars).Trim('.');
        return name.Length == 0 ? "_" : name;
    }
}
