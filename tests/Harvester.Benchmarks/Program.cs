using BenchmarkDotNet.Running;
using Harvester.Benchmarks;

if (args.Length > 0 && args[0] == "archive-soak")
{
    return await ArchiveSoak.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60);
}
if (args.Length > 2 && args[0] == "synthetic-archive")
{
    // synthetic-archive DIR SITES [FROM TO]: writes a generated web archive and DIR/sites.txt
    var sites = Harvester.Tests.Support.SyntheticArchive.Write(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 2010,
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 2019);
    File.WriteAllLines(Path.Combine(args[1], "sites.txt"), sites);
    Console.WriteLine($"{sites.Count} sites written to {args[1]}");
    return 0;
}
if (args.Length > 1 && args[0] == "serve-wayback")
{
    // serve-wayback DIR [LATENCY_MS]: serves a folder of WARC files as a fake Wayback Machine (CDX with the server's
    // semantics, snapshots) on loopback until stopped, each answer after LATENCY_MS, for measuring 'harvester plan' and
    // 'crawl' by endpoint from the shell.
    var latency = args.Length > 2 ? TimeSpan.FromMilliseconds(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero;
    using var wayback = new Harvester.Tests.Support.WaybackFromWarc(args[1], latency: latency);
    Console.WriteLine(wayback.Url);
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
    Console.WriteLine($"{wayback.Requests} requests served");
    return 0;
}
if (args.Length > 0 && args[0] == "worker-soak")
{
    return await Harvester.Benchmarks.WorkerSoak.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3000);
}
if (args.Length > 1 && args[0] == "extract-stages")
{
    return Harvester.Benchmarks.ExtractionStages.Run(args[1], args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5);
}
if (args.Length > 2 && args[0] == "generated-pages")
{
    return Harvester.Benchmarks.GeneratedPages.Write(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1);
}
if (args.Length > 1 && args[0] == "wide-pages")
{
    return Harvester.Benchmarks.ExtractionScaling.WritePages(args[1], args[2..].Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).ToList());
}
if (args.Length > 1 && args[0] == "extract-scaling")
{
    return Harvester.Benchmarks.ExtractionScaling.Run(args[1..]);
}
if (args.Length > 0 && args[0] == "queue-timings")
{
    return Harvester.Benchmarks.QueueTimings.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 130_000,
        args.Length > 2 ? args[2] : null);
}
if (args.Length > 4 && args[0] == "cluster")
{
    return await Harvester.Benchmarks.ClusterBenchmark.RunAsync(args[1], args[2], args[3], int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 5 ? args[5] : "2010", args.Length > 6 ? args[6] : "2019", args.Length > 7 ? args[7] : null);
}
if (args.Length > 4 && args[0] == "rate-group")
{
    return await Harvester.Benchmarks.RateGroupBenchmark.RunAsync(args[1], args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 5 ? double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 20,
        args.Length > 6 ? double.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture) : 4);
}
if (args.Length > 1 && args[0] == "store-queries")
{
    return Harvester.Benchmarks.StoreQueryTimings.Run(args[1], args.Length > 2 ? args[2] : "site01234.example");
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
