using System.CommandLine;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester diff DOMAIN [V1 V2]</c>: what changed between two versions (the last two by default).</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var domain = StoredSite.DomainArgument();
        var numbers = new Argument<int[]>("VERSION") { Arity = new ArgumentArity(0, 2), Description = "Two version numbers; default the last two." };
        var json = JsonOutput.Flag();
        var command = new Command("diff", "Show the lines that changed between two versions.") { domain, numbers, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var asked = parseResult.GetValue(numbers) ?? [];
            if (asked.Length == 1)
            {
                await error.WriteLineAsync("harvester: give two versions, or none for the last two; run 'harvester diff --help' for usage");
                return ExitCodes.Usage;
            }
            using var session = StoreSession.OpenExisting(parseResult);
            var stored = StoredSite.Load(session, parseResult.GetValue(domain)!);
            var site = stored.Domain;
            var versions = stored.Versions;
            if (asked.Length == 0 && versions.Count < 2) throw new NotFoundException($"{site}: nothing to compare; {stored.Has()}");
            var (a, b) = asked.Length == 2 ? (stored.Version(asked[0]), stored.Version(asked[1])) : (versions[^2], versions[^1]);
            var changes = new List<DiffLineJson>();
            foreach (var line in InlineDiffBuilder.Diff(a.Markdown, b.Markdown, ignoreWhiteSpace: false).Lines)
            {
                // The provenance quote names the capture, so it always differs; it is in the header.
                if (line.Text.StartsWith("> *The following text is extracted", StringComparison.Ordinal)) continue;
                var op = line.Type switch { ChangeType.Inserted => "+", ChangeType.Deleted => "-", _ => null };
                if (op is not null) changes.Add(new DiffLineJson(op, line.Text));
            }
            if (parseResult.GetValue(json))
            {
                await JsonOutput.WriteAsync(output, new DiffJson(site, JsonOutput.Version(a), JsonOutput.Version(b), changes));
                return ExitCodes.Success;
            }
            await output.WriteLineAsync($"--- {site} v{a.Number} ({a.FirstInterval}..{a.LastInterval}, captured {a.PolicyTimestamp})");
            await output.WriteLineAsync($"+++ {site} v{b.Number} ({b.FirstInterval}..{b.LastInterval}, captured {b.PolicyTimestamp})");
            foreach (var change in changes) await output.WriteLineAsync($"{change.Op} {change.Text}");
            return ExitCodes.Success;
        });
        return command;
    }
}
