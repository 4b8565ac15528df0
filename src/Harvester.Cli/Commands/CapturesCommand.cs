using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Harvester.Archive;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester captures DOMAIN [--from Y --to Y] [--json]</c>: the archive's captures of a site's home page (or any URL).</summary>
internal static class CapturesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = new Argument<string>("DOMAIN") { Description = "A domain (its home page) or a full URL." };
        var from = new Option<int?>("--from") { Description = "First year (inclusive)." };
        var to = new Option<int?>("--to") { Description = "Last year (inclusive)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of a table." };
        var all = new Option<bool>("--all-statuses") { Description = "Keep every status, not only 200/301/302 and revisits." };
        var command = new Command("captures", "List a URL's captures in the archive (CDX).") { target, from, to, json, all };
        command.Validators.Add(result =>
        {
            try
            {
                _ = result.GetValue(from);
                _ = result.GetValue(to);
            }
            catch (InvalidOperationException)
            {
                return; // not a number: already a parse error of its own
            }
            if (result.GetValue(from) is { } f && result.GetValue(to) is { } t && f > t) result.AddError($"--from {f} is after --to {t}.");
            foreach (var year in new[] { result.GetValue(from), result.GetValue(to) })
            {
                if (year is < 1996 or > 2100) result.AddError($"{year} is not a year the Wayback Machine has (1996 onwards).");
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var domain = parseResult.GetValue(target)!;
            if (!DomainName.IsPlausible(domain))
            {
                await error.WriteLineAsync($"harvester: '{domain}' is not a domain or an http(s) URL");
                return ExitCodes.Usage;
            }
            var query = new CaptureQuery(UrlKey.AsUrl(domain), parseResult.GetValue(from), parseResult.GetValue(to));
            if (parseResult.GetValue(all)) query = query with { Statuses = Enumerable.Range(100, 500).ToArray() };
            var configuration = HarvesterSettings.Configuration(parseResult);
            var archive = HarvesterSettings.OpenArchive(parseResult, configuration);
            try
            {
                await GlobalOptions.EnsureArchiveReachableAsync(parseResult, cancellationToken);
                int count = 0;
                var rows = new List<Capture>();
                await foreach (var capture in archive.ListCapturesAsync(query, cancellationToken))
                {
                    count++;
                    if (parseResult.GetValue(json)) await JsonOutput.WriteLineAsync(output, capture);
                    else rows.Add(capture);
                }
                if (!parseResult.GetValue(json)) await WriteTableAsync(output, rows);
                await error.WriteLineAsync($"{count} captures of {query.Url} in {archive.Location}");
                return ExitCodes.Success;
            }
            finally
            {
                (archive as IDisposable)?.Dispose();
            }
        });
        return command;
    }


    private static async Task WriteTableAsync(TextWriter output, List<Capture> rows)
    {
        await output.WriteLineAsync($"{"TIMESTAMP",-14}  {"STATUS",6}  {"MIME",-24}  {"LENGTH",9}  {"DIGEST",-32}  URL");
        foreach (var c in rows)
        {
            var status = c.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-";
            var length = c.Length?.ToString(CultureInfo.InvariantCulture) ?? "-";
            await output.WriteLineAsync($"{c.Timestamp,-14}  {status,6}  {c.MimeType,-24}  {length,9}  {c.Digest,-32}  {c.OriginalUrl}");
        }
    }
}
