using System.Text;
using BenchmarkDotNet.Attributes;
using Harvester.Archive.Warc;

namespace Harvester.Benchmarks;

/// <summary>
/// Reading every record of a generated ~50 MB (uncompressed) WARC file, compressed per record and plain.
/// MB/s = uncompressed record bytes / mean (printed at setup).
/// <c>dotnet run -c Release --project tests/Harvester.Benchmarks -- --filter '*WarcRead*'</c>
/// </summary>
[MemoryDiagnoser]
public class WarcReadBenchmarks
{
    private string _folder = string.Empty;

    [GlobalSetup]
    public void Generate()
    {
        _folder = Path.Combine(Path.GetTempPath(), "harvester-warc-bench");
        Directory.CreateDirectory(_folder);
        var random = new Random(1);
        var words = new[] { "privacy", "policy", "data", "cookies", "we", "collect", "share", "your", "information", "rights", "consent", "third", "parties" };
        long uncompressed = 0;
        using (var gz = File.Create(Path.Combine(_folder, "bench.warc.gz")))
        using (var plain = File.Create(Path.Combine(_folder, "bench.warc")))
        {
            var zipped = new WarcWriter(gz, compress: true);
            var flat = new WarcWriter(plain, compress: false);
            for (int i = 0; i < 2500; i++)
            {
                var text = new StringBuilder("<html><body>");
                while (text.Length < 20_000) text.Append(words[random.Next(words.Length)]).Append(random.Next(3) == 0 ? ". " : " ");
                var body = Encoding.UTF8.GetBytes(text.Append("</body></html>").ToString());
                var timestamp = $"2019{1 + i % 12:00}{1 + i % 28:00}120000";
                var url = $"http://site{i}.example/privacy";
                zipped.WriteResponse(url, timestamp, 200, [new("Content-Type", "text/html")], body);
                flat.WriteResponse(url, timestamp, 200, [new("Content-Type", "text/html")], body);
                uncompressed += body.Length + 400;
            }
        }
        Console.WriteLine($"// {uncompressed / 1048576.0:0.0} MB of records; gzip file {new FileInfo(Path.Combine(_folder, "bench.warc.gz")).Length / 1048576.0:0.0} MB");
    }

    [Benchmark(Description = "read every record, gzip per record")]
    public long ReadGzip() => WarcFileReader.ReadAll(Path.Combine(_folder, "bench.warc.gz")).Sum(e => (long)e.Record.Block.Length);

    [Benchmark(Description = "read every record, plain")]
    public long ReadPlain() => WarcFileReader.ReadAll(Path.Combine(_folder, "bench.warc")).Sum(e => (long)e.Record.Block.Length);

    [GlobalCleanup]
    public void Remove() => Directory.Delete(_folder, recursive: true);
}
