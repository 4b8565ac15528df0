using System.CommandLine;
using Harvester.Core.Extraction;
using Harvester.Storage.LiteDb.Search;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester reextract</c>: rebuilds every version's Markdown from its stored raw snapshot, after an extractor change.</summary>
internal static class ReextractCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("reextract", "Rebuild the Markdown of every stored version from its raw snapshot.");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = StoreSession.Open(parseResult);
            var extractor = new PolicyExtractor();
            int total = 0, changed = 0, failed = 0;
            foreach (var version in session.Store.Versions.All().ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                total++;
                try
                {
                    var bytes = session.Store.Payloads.Get(version.PayloadSha256);
                    var result = StoredVersionExtraction.Extract(extractor, version, bytes);
                    if (result.Markdown == version.Markdown && version.ExtractorVersion == PolicyExtractor.Version) continue;
                    if (result.Markdown != version.Markdown)
                    {
                        // Rewritten text makes the word index stale: forget it before the first change, rebuild it after.
                        if (changed == 0) session.Store.Search.Reset();
                        changed++;
                    }
                    StoredVersionExtraction.Apply(version, result);
                    session.Store.Versions.UpdateMarkdown(version);
                }
                catch (Exception e) when (e is ExtractionException or Harvester.Storage.StorageException)
                {
                    failed++;
                    await error.WriteLineAsync($"{version.Site} v{version.Number}: {e.Message}");
                }
            }
            if (changed > 0) session.Store.Search.CatchUp(cancellationToken: cancellationToken);
            await output.WriteLineAsync($"re-extracted {Counted.Of(total, "version")}: {changed:N0} changed, {total - changed - failed:N0} unchanged, {failed:N0} failed");
            return failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Success;
        });
        return command;
    }
}
