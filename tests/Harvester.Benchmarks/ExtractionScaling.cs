using System.Diagnostics;
using Harvester.Core.Extraction;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>extract-scaling FILE...</c>: how one page's cost grows with its size, inside one warmed-up process (no start-up):
/// per dataset-style page, the best of five extractions' time, the garbage collections each one caused by generation,
/// and the bytes it allocated.
/// </summary>
internal static class ExtractionScaling
{
    private const string Paragraph =
        "We collect information you provide, such as your name, email address and payment details, and information about how " +
        "you use our services, including cookies and analytics from <a href=\"/partners\">our partners</a>.";

    /// <summary>
    /// <c>wide-pages DIR [N...]</c>: dataset-style pages of N paragraphs (default 10, 1,000, 2,000, 8,000 and 16,000) in
    /// one div, each with a link, as <c>pN.html</c>: 16,000 paragraphs make 3.5 MB. For <c>extract-scaling</c> and for
    /// timing <c>harvester extract</c> against page size (the 10-paragraph page measures start-up).
    /// </summary>
    public static int WritePages(string folder, IReadOnlyList<int> sizes)
    {
        Directory.CreateDirectory(folder);
        if (sizes.Count == 0) sizes = [10, 1000, 2000, 8000, 16000];
        foreach (int n in sizes)
        {
            var page = new System.Text.StringBuilder(
                "<!--The following is the downloaded HTML source of the wide.example privacy policy that was archived on 2018-09-28.\n" +
                " Please check the original snapshot on the Wayback Machine (https://web.archive.org/web/20180928202050id_/http%3A//wide.example/privacy) for the most accurate reproduction.-->\n\n" +
                "<!DOCTYPE html><html><head><title>Privacy</title></head><body><div id=\"nav\"><a href=\"/\">Home</a></div>" +
                "<div id=\"content\"><h1>Privacy policy</h1>\n");
            for (int i = 0; i < n; i++) page.Append("<p>").Append(i).Append(". ").Append(Paragraph).Append("</p>\n");
            page.Append("</div></body></html>");
            File.WriteAllText(Path.Combine(folder, $"p{n}.html"), page.ToString());
        }
        Console.WriteLine($"{sizes.Count} pages written to {folder}");
        return 0;
    }

    public static int Run(IReadOnlyList<string> files)
    {
        var extractor = new PolicyExtractor();
        var pages = files.Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        foreach (var page in pages) extractor.ExtractDatasetPage(page.Bytes);
        foreach (var (name, bytes) in pages)
        {
            double best = double.MaxValue;
            int[] collections = new int[3];
            long allocated = 0;
            for (int i = 0; i < 5; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
                long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                extractor.ExtractDatasetPage(bytes);
                double ms = clock.Elapsed.TotalMilliseconds;
                if (ms < best)
                {
                    best = ms;
                    for (int g = 0; g < 3; g++) collections[g] = GC.CollectionCount(g) - before[g];
                    allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                }
            }
            Console.WriteLine($"{name,-16} {bytes.Length / 1024.0,8:0} KB {best,9:0.0} ms  gen0/1/2 {collections[0]}/{collections[1]}/{collections[2]}  allocated {allocated / 1048576.0:0.0} MB");
        }
        return 0;
    }
}
