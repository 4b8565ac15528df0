using System.CommandLine;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Storage.Postgres;

namespace Harvester.Cli.Commands;

/// <summary>
/// <c>harvester migrate --from harvester.db --to postgresql://...</c>: copies a LiteDB store into PostgreSQL, every
/// record as it is (ids, states, times), then verifies counts and content fingerprints kind by kind. Safe to run
/// again: what is already there is left alone, so an interrupted copy resumes.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from") { Description = "The LiteDB file to copy.", Required = true, HelpName = "FILE" };
        var to = new Option<string>("--to") { Description = "The PostgreSQL database to copy into (postgresql://USER@HOST:PORT/DB).", Required = true, HelpName = "ADDRESS" };
        var command = new Command("migrate", "Copy a LiteDB store into PostgreSQL and verify the copy (safe to run again).") { from, to };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var source = parseResult.GetValue(from)!;
            var target = parseResult.GetValue(to)!;
            if (StoreAddress.IsPostgres(source) || !StoreAddress.IsPostgres(target))
            {
                await error.WriteLineAsync("harvester: migrate copies a LiteDB file (--from FILE) into PostgreSQL (--to postgresql://...)");
                return ExitCodes.Usage;
            }
            if (!File.Exists(source))
            {
                await error.WriteLineAsync($"harvester: {source}: no such database (check --from)");
                return ExitCodes.NotFound;
            }
            using var file = LiteDbFile.Open(source);
            using var store = PostgresStore.Open(target);
            var migration = new StoreMigration(new LiteDbRecordSource(file), store.Sink, store.Records);
            string? last = null;
            var progress = new SynchronousProgress<(string Kind, int Copied, int New)>(p =>
            {
                if (p.Kind != last || p.Copied % (StoreMigration.BatchSize * 20) == 0) output.WriteLine($"copying {p.Kind}: {p.Copied} read, {p.New} new");
                last = p.Kind;
            });
            var results = await Task.Run(() => migration.Run(progress, cancellationToken), cancellationToken);
            foreach (var r in results)
            {
                await output.WriteLineAsync($"{r.Kind}: {r.Read} read, {r.New} new; {r.SourceCount} in the file, {r.TargetCount} in PostgreSQL: " +
                    (r.Matches ? "identical" : "DIFFERENT"));
            }
            var bad = results.Where(r => !r.Matches).Select(r => r.Kind).ToList();
            if (bad.Count > 0)
            {
                await error.WriteLineAsync($"harvester: {store.Location} differs from {source} in {string.Join(", ", bad)} " +
                    "(it held other records before, or something changed them); nothing in the file was changed");
                return ExitCodes.SomeFailed;
            }
            await output.WriteLineAsync($"migrated {source} to {store.Location}: every record copied and verified; point --db at it");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Reports on the reporting thread, so lines come out in order.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
