using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Harvester.Archive;
using Harvester.Archive.Wayback;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Harvester.Benchmarks;

/// <summary>
/// The Wayback client against a local fake archive with 50 ms latency, 10 % 503 and occasional 429 with
/// Retry-After 2 s, at the default snapshot rate (4/s): the sustained share of the configured rate, the busiest
/// second, and whether any body arrived corrupt. Loopback only; ends by itself.
/// <c>dotnet run -c Release --project tests/Harvester.Benchmarks -- archive-soak [SECONDS]</c>
/// </summary>
internal static class ArchiveSoak
{
    public static async Task<int> RunAsync(int seconds)
    {
        using var server = WireMockServer.Start();
        var random = new Random(42);
        var page = Encoding.UTF8.GetBytes("<html><body>" + string.Concat(Enumerable.Repeat("<p>policy text, policy text, policy text.</p>", 400)) + "</body></html>");
        var digest = Convert.ToHexString(SHA256.HashData(page));
        int served503 = 0, served429 = 0, served200 = 0;
        server.Given(Request.Create().WithPath(new WireMock.Matchers.WildcardMatcher("/web/*")).UsingGet())
            .RespondWith(Response.Create().WithDelay(TimeSpan.FromMilliseconds(50)).WithCallback(_ =>
            {
                double roll;
                lock (random) roll = random.NextDouble();
                if (roll < 0.10)
                {
                    Interlocked.Increment(ref served503);
                    return new WireMock.ResponseMessage { StatusCode = 503 };
                }
                if (roll < 0.105)
                {
                    Interlocked.Increment(ref served429);
                    var limited = new WireMock.ResponseMessage { StatusCode = 429 };
                    limited.AddHeader("Retry-After", "2");
                    return limited;
                }
                Interlocked.Increment(ref served200);
                var ok = new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    BodyData = new WireMock.Util.BodyData { BodyAsBytes = page, DetectedBodyType = WireMock.Types.BodyType.Bytes },
                };
                ok.AddHeader("Content-Type", "text/html");
                ok.AddHeader("X-Archive-Orig-Digest", digest);
                return ok;
            }));

        var options = new WaybackOptions { BaseUrl = server.Url!, RetryBaseDelay = TimeSpan.FromMilliseconds(500) };
        var sends = new ConcurrentBag<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var handler = new TimingHandler(WaybackArchive.CreateHandler(), sends, clock);
        using var archive = new WaybackArchive(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, Options.Create(options));

        int fetched = 0, failed = 0, corrupt = 0, next = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (!stop.IsCancellationRequested)
            {
                int n = Interlocked.Increment(ref next);
                try
                {
                    var snapshot = await archive.FetchAsync("20200101000000", $"http://site{n}.example/privacy", stop.Token);
                    if (Convert.ToHexString(SHA256.HashData(snapshot.Body)) != snapshot.Headers["Digest"]) Interlocked.Increment(ref corrupt);
                    else Interlocked.Increment(ref fetched);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ArchiveException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        double elapsed = clock.Elapsed.TotalSeconds;

        var times = sends.Order().ToList();
        int busiest = 0;
        for (int i = 0, j = 0; i < times.Count; i++)
        {
            while (times[i] - times[j] >= TimeSpan.FromSeconds(1)) j++;
            busiest = Math.Max(busiest, i - j + 1);
        }
        double rate = times.Count / elapsed;
        Console.WriteLine($"duration {elapsed:0.0} s; configured {options.SnapshotRequestsPerSecond}/s");
        Console.WriteLine($"server answered: {served200} x 200, {served503} x 503, {served429} x 429 (Retry-After 2 s)");
        Console.WriteLine($"requests sent {times.Count} = {rate:0.00}/s = {rate / options.SnapshotRequestsPerSecond:P1} of the configured rate");
        Console.WriteLine($"pages fetched {fetched} = {fetched / elapsed:0.00}/s; failed after retries {failed}; corrupt bodies {corrupt}");
        Console.WriteLine($"busiest 1-second window: {busiest} requests (limit {options.SnapshotRequestsPerSecond})");
        Console.WriteLine(archive.Statistics[1]);
        return corrupt == 0 && busiest <= options.SnapshotRequestsPerSecond ? 0 : 1;
    }

    private sealed class TimingHandler(HttpMessageHandler inner, ConcurrentBag<TimeSpan> sends, Stopwatch clock) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            sends.Add(clock.Elapsed);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
