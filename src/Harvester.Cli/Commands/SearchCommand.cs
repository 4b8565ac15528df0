using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester search TEXT [--site DOMAIN]</c>: versions whose text mentions a phrase.</summary>
internal static class SearchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var text = new Argument<string>("TEXT");
        var site = new Option<string?>("--site") { Description = "Only this site." };
        var command = new Command("search", "Find policy versions that mention a phrase (case-insensitive).") { text, site };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var phrase = parseResult.GetValue(text)!;
            if (phrase.Trim().Length == 0)
            {
                await error.WriteLineAsync("harvester: give a non-empty TEXT");
                return ExitCodes.Usage;
            }
            using var session = StoreSession.Open(parseResult);
            var hits = session.Stores.Versions.Search(phrase, parseResult.GetValue(site)?.ToLowerInvariant());
            foreach (var v in hits)
            {
                int at = v.Markdown.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
                int start = Math.Max(0, at - 40);
                var context = v.Markdown.Substring(start, Math.Min(v.Markdown.Length - start, phrase.Length + 80)).ReplaceLineEndings(" ");
                await output.WriteLineAsync($"{v.Site} v{v.Number} ({v.FirstInterval}..{v.LastInterval}): ...{context}...");
            }
            await error.WriteLineAsync($"{hits.Count} versions mention \"{phrase}\"");
            return ExitCodes.Success;
        });
        return command;
    }
}
