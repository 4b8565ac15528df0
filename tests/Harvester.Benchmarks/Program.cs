using BenchmarkDotNet.Running;
using Harvester.Benchmarks;

if (args.Length > 0 && args[0] == "archive-soak")
{
    return await ArchiveSoak.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
