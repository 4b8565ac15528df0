using System.CommandLine;
using Harvester.Core.Extraction;
using Harvester.Storage;
using Harvester.Storage.LiteDb;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester check [--repair [--out FILE]]</c>: reads every record of the store, verifies every payload against its
/// SHA-256 and every version's Markdown against its text hash, and says what is damaged; with <c>--repair</c>, writes
/// what is intact (and what can be rebuilt from it) into a new file.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var repair = new Option<bool>("--repair")
        {
            Description = "Write what is intact, and what can be rebuilt from it, into a new file (the damaged file is never changed).",
        };
        var target = new Option<string?>("--out")
        {
            Description = "With --repair: the new file [default: DB with .repaired before its extension].",
            HelpName = "FILE",
        };
        var command = new Command("check", "Read every record of the store and report what is damaged.") { repair, target };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = GlobalOptions.Database(parseResult);
            if (StoreAddress.IsPostgres(path))
            {
                await error.WriteLineAsync($"harvester: {StoreOpener.Describe(path)}: 'check' reads LiteDB files; PostgreSQL checks its own pages (see its amcheck and pg_checksums)");
                return ExitCodes.Usage;
            }
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"harvester: {path}: no such database (check --db)");
                return ExitCodes.NotFound;
            }
            using var database = LiteDbFile.OpenForCheck(path);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = await Task.Run(() => new StoreCheck(database).CheckEverything(cancellationToken: cancellationToken), cancellationToken);
            foreach (var problem in report.Problems) await output.WriteLineAsync(problem.ToString());
            var read = string.Join(", ", StoreCheck.Collections.Select(c => $"{report.Intact.GetValueOrDefault(c)} {c}"));
            await output.WriteLineAsync(report.IsClean
                ? $"{path}: intact ({read}) in {clock.Elapsed.TotalSeconds:0.0} s"
                : $"{path}: {Counted.Of(report.Problems.Count, "problem")} found; intact: {read}");
            if (!parseResult.GetValue(repair))
            {
                if (!report.IsClean) await output.WriteLineAsync("run 'harvester check --repair' to write what is intact into a new file");
                return report.IsClean ? ExitCodes.Success : ExitCodes.Damaged;
            }
            var repaired = parseResult.GetValue(target) ?? RepairedPath(path);
            var extractor = new PolicyExtractor();
            var result = await Task.Run(() => new StoreRepair(database, report).WriteTo(repaired, (v, snapshot) => Reextract(extractor, v, snapshot), cancellationToken), cancellationToken);
            foreach (var lost in result.Lost) await output.WriteLineAsync($"lost: {lost}");
            await output.WriteLineAsync(
                $"wrote {repaired}: {string.Join(", ", result.Copied.Select(c => $"{c.Value} {c.Key}"))}, " +
                $"{Counted.Of(result.Reextracted, "version")} re-extracted, search index rebuilt; {Counted.Of(result.Lost.Count, "record")} lost. " +
                $"Check it, then put it in place of {path}");
            return result.Lost.Count == 0 ? ExitCodes.Success : ExitCodes.SomeFailed;
        });
        return command;
    }

    private static string RepairedPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? string.Empty, Path.GetFileNameWithoutExtension(path) + ".repaired" + Path.GetExtension(path));

    private static VersionRecord? Reextract(PolicyExtractor extractor, VersionRecord version, byte[] snapshot)
    {
        try
        {
            StoredVersionExtraction.Apply(version, StoredVersionExtraction.Extract(extractor, version, snapshot));
            return version;
        }
        catch (ExtractionException)
        {
            return null;
        }
    }
}
