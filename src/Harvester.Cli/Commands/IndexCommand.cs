using System.CommandLine;
using Harvester.Archive.Warc;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester index DIR</c>: (re)builds the CDXJ index of a folder of WARC files.</summary>
internal static class IndexCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var folder = new Argument<string>("DIR") { Description = "A folder of .warc / .warc.gz files." };
        var command = new Command("index", "Build the CDXJ index (index.cdxj) of a folder of WARC files.") { folder };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dir = parseResult.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                await error.WriteLineAsync($"{dir}: no such folder");
                return ExitCodes.Usage;
            }
            var files = CdxjIndex.WarcFiles(dir).ToList();
            if (files.Count == 0)
            {
                await error.WriteLineAsync($"{dir}: no .warc or .warc.gz files");
                return ExitCodes.Usage;
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (index, errors) = await Task.Run(() => CdxjIndex.Build(dir), cancellationToken);
            foreach (var e in errors) await error.WriteLineAsync($"{e.File}@{e.Offset}: {e.Reason}; record skipped");
            long bytes = files.Sum(f => new FileInfo(f).Length);
            await output.WriteLineAsync(
                $"indexed {Counted.Of(index.Entries.Count, "capture")} from {Counted.Of(files.Count, "file")} ({bytes / 1048576.0:0.0} MB) into {Path.Combine(dir, CdxjIndex.FileName)} " +
                $"in {clock.Elapsed.TotalSeconds:0.00} s" + (errors.Count > 0 ? $"; {errors.Count} corrupt records skipped" : string.Empty));
            return errors.Count > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
        });
        return command;
    }
}
