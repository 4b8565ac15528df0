using System.CommandLine;
using Harvester.Storage.LiteDb.Search;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester search TEXT [--site DOMAIN]</c>: versions whose text mentions a phrase.</summary>
internal static class SearchCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var text = new Argument<string>("TEXT") { Description = "Text the policy must contain, matched case-insensitively anywhere in it (a phrase in quotes)." };
        var site = new Option<string?>("--site") { Description = "Only this site." };
        var limit = new Option<int>("--limit")
        {
            Description = "List at most this many versions (0 for all).",
            DefaultValueFactory = _ => 100,
        };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0) r.AddError("--limit must be 0 (all) or more");
        });
        var json = JsonOutput.Flag();
        var command = new Command("search", "Find policy versions that mention a phrase (case-insensitive).") { text, site, limit, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var phrase = parseResult.GetValue(text)!;
            if (phrase.Trim().Length == 0)
            {
                await error.WriteLineAsync("harvester: give a non-empty TEXT");
                return ExitCodes.Usage;
            }
            using var session = StoreSession.OpenExisting(parseResult);
            var index = session.Store.Search;
            int pending = index.Pending;
            if (pending > 0)
            {
                if (pending >= 1000) await error.WriteLineAsync($"indexing {Counted.Of(pending, "version")} stored since the last search...");
                index.CatchUp(cancellationToken: cancellationToken);
            }
            int most = parseResult.GetValue(limit);
            var found = session.Store.Versions.Search(phrase, parseResult.GetValue(site)?.ToLowerInvariant(), most);
            var hits = found.Versions;
            if (parseResult.GetValue(json))
            {
                var list = hits.Select(v => new SearchHitJson(v.Site, v.Number, v.FirstInterval, v.LastInterval, v.PolicyUrl, Snippet(v.Markdown, phrase))).ToList();
                await JsonOutput.WriteAsync(output, new SearchJson(phrase, parseResult.GetValue(site)?.ToLowerInvariant(), found.Complete, list));
                return ExitCodes.Success;
            }
            foreach (var v in hits)
            {
                await output.WriteLineAsync($"{v.Site} v{v.Number} ({v.FirstInterval}..{v.LastInterval}): ...{Snippet(v.Markdown, phrase)}...");
            }
            await error.WriteLineAsync(found.Complete
                ? $"{Counted.Of(hits.Count, "version")} {(hits.Count == 1 ? "mentions" : "mention")} \"{phrase}\""
                : $"the first {hits.Count} versions that mention \"{phrase}\" (there may be more; --limit 0 lists all)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The phrase with up to 40 characters before it and after, on one line.</summary>
    private static string Snippet(string markdown, string phrase)
    {
        int at = Math.Max(0, markdown.IndexOf(phrase, StringComparison.OrdinalIgnoreCase));
        int start = Math.Max(0, at - 40);
        return markdown.Substring(start, Math.Min(markdown.Length - start, phrase.Length + 80)).ReplaceLineEndings(" ");
    }
}
