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
