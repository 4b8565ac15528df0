using BenchmarkDotNet.Attributes;
using Harvester.Core.Extraction;

namespace Harvester.Benchmarks;

/// <summary>
/// Extraction throughput over the dataset's dev corpus (<c>../shared/corpus/dev</c>), or over <c>fixtures/pages</c>
/// when the shared folder is absent. One operation converts every page once; documents/s = pages / mean.
/// <c>dotnet run -c Release --project tests/Harvester.Benchmarks -- --filter '*Extraction*'</c>
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private readonly PolicyExtractor _extractor = new();
    private byte[][] _pages = [];

    [GlobalSetup]
    public void LoadPages()
    {
        var root = FindRoot();
        var corpus = Path.GetFullPath(Path.Combine(root, "..", "shared", "corpus", "dev"));
        var folder = Directory.Exists(corpus) ? corpus : Path.Combine(root, "fixtures", "pages");
        _pages = Directory.EnumerateFiles(folder, "*.html").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        Console.WriteLine($"// {_pages.Length} pages, {_pages.Sum(p => (long)p.Length) / 1048576.0:0.00} MB from {folder}");
    }

    [Benchmark(Description = "extract every page once")]
    public int ExtractAll()
    {
        int total = 0;
        foreach (var page in _pages) total += _extractor.ExtractDatasetPage(page).Markdown.Length;
        return total;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Harvester.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Harvester.sln not found");
    }
}
