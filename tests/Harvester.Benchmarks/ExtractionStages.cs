using System.Diagnostics;
using AngleSharp.Html.Parser;
using Harvester.Core.Dom;
using Harvester.Core.Extraction;
using Harvester.Core.Html2Text;
using Harvester.Core.Readability;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>extract-stages DIR [ROUNDS]</c>: where one core's extraction time goes, stage by stage (decode, depth scan,
/// parse, Readability, html2text), over every dataset-style page in DIR, after a warm-up round; and the steady-state
/// documents/s of the whole extractor on the same pages.
/// </summary>
internal static class ExtractionStages
{
    public static int Run(string folder, int rounds)
    {
        var files = Directory.EnumerateFiles(folder, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        var names = new[] { "decode", "depth scan", "parse", "max depth", "readability", "html2text" };
        var totals = new double[names.Length];
        var allocations = new long[names.Length];
        for (int round = 0; round <= rounds; round++)
        {
            foreach (var bytes in files)
            {
                var laps = new double[names.Length];
                var allocated = new long[names.Length];
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                int lap = 0;
                var clock = Stopwatch.StartNew();
                double Lap()
                {
                    var t = clock.Elapsed.TotalMilliseconds;
                    long now = GC.GetAllocatedBytesForCurrentThread();
                    allocated[lap++] = now - allocatedBefore;
                    allocatedBefore = now;
                    clock.Restart();
                    return t;
                }
                var decoded = HtmlDecoder.Decode(bytes, null);
                ProvenanceComment.TryParse(decoded.Text, out var provenance, out int start);
                var html = decoded.Text[start..];
                laps[0] = Lap();
                MarkupDepthScanner.MaxDepth(html, 1000);
                laps[1] = Lap();
                using var document = parser.ParseDocument(html);
                laps[2] = Lap();
                document.MaxElementDepth();
                laps[3] = Lap();
                var article = new ArticleGrabber(document, provenance!.SnapshotUrl, () => parser.ParseDocument(html)).Parse();
                laps[4] = Lap();
                if (article is not null) Html2TextConverter.Convert(article.Content, Html2TextOptions.Dataset);
                laps[5] = Lap();
                if (round > 0)
                {
                    for (int i = 0; i < laps.Length; i++)
                    {
                        totals[i] += laps[i];
                        allocations[i] += allocated[i];
                    }
                }
                if (round == 0 && ReferenceEquals(bytes, files[0]))
                {
                    // The first page pays for start-up: static tables, type loading, code not compiled ahead of time.
                    Console.WriteLine("first page, cold: " + string.Join(", ", names.Select((n, i) => $"{n} {laps[i]:0.0} ms")));
                }
            }
        }
        double all = totals.Sum();
        Console.WriteLine($"{files.Count} pages x {rounds} rounds, one core: {files.Count * rounds / (all / 1000):0} documents/s over the stages");
        for (int i = 0; i < names.Length; i++) Console.WriteLine($"  {names[i],-12} {totals[i] / rounds / files.Count:0.000} ms/page  {100 * totals[i] / all:0.0} %  {allocations[i] / rounds / files.Count / 1024.0:0} KB/page allocated");

        var extractor = new PolicyExtractor();
        foreach (var bytes in files) extractor.ExtractDatasetPage(bytes);
        var whole = Stopwatch.StartNew();
        for (int round = 0; round < rounds; round++) foreach (var bytes in files) extractor.ExtractDatasetPage(bytes);
        Console.WriteLine($"whole extractor, steady state, one core: {files.Count * rounds / whole.Elapsed.TotalSeconds:0} documents/s");
        return 0;
    }
}
