using System.CommandLine;
using Harvester.Core.Extraction;

namespace Harvester.Cli.Commands;

/// <summary><c>harvester extract PATH... [--out DIR]</c>: dataset-style .html files (or raw pages) to Markdown.</summary>
internal static class ExtractCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Dataset-style .html files, or folders of them (searched recursively).",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string>("--out", "-o")
        {
            Description = "Folder for the Markdown files (SITE.md).",
            DefaultValueFactory = _ => ".",
        };
        var links = new Option<string>("--links")
        {
            Description = "Resolve relative links against the Wayback 'snapshot' URL (dataset-compatible) or the 'original' site.",
            DefaultValueFactory = _ => "snapshot",
        };
        links.AcceptOnlyFromAmong("snapshot", "original");
        var site = new Option<string?>("--site") { Description = "For a raw page without provenance comment: the crawled domain." };
        var url = new Option<string?>("--url") { Description = "For a raw page: the page's original URL." };
        var timestamp = new Option<string?>("--timestamp") { Description = "For a raw page: the capture's Wayback timestamp (YYYYMMDDhhmmss)." };
        var charset = new Option<string?>("--charset") { Description = "For a raw page: the charset its HTTP Content-Type named, if any (as the crawl passes it)." };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Pages converted in parallel.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var maxSize = new Option<int>("--max-size")
        {
            Description = "Largest page accepted, in MiB.",
            DefaultValueFactory = _ => ExtractionOptions.Default.MaxPageBytes / 1048576,
        };

        var command = new Command("extract", "Convert dataset-style .html files (provenance comment first) into the dataset's Markdown.")
        {
            paths, outDir, links, site, url, timestamp, charset, jobs, maxSize,
        };
        command.Validators.Add(result =>
        {
            var given = new[] { result.GetValue(site), result.GetValue(url), result.GetValue(timestamp) }.Count(v => v is not null);
            if (given is > 0 and < 3) result.AddError("--site, --url and --timestamp go together: give all three for a raw page.");
            if (given == 0 && result.GetValue(charset) is not null) result.AddError("--charset is for a raw page: give it with --site, --url and --timestamp.");
            if (result.GetValue(timestamp) is { } ts && !(ts.Length is >= 8 and <= 14 && ts.All(char.IsAsciiDigit)))
            {
                result.AddError($"--timestamp '{ts}' is not a Wayback timestamp (8 to 14 digits, YYYYMMDDhhmmss).");
            }
        });

        jobs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--jobs must be at least 1.");
        });
        maxSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 2047) result.AddError("--max-size must be between 1 and 2047 (MiB).");
        });

        command.SetAction((parseResult, cancellationToken) =>
        {
            var rawSite = parseResult.GetValue(site);
            var request = new ExtractRequest(
                parseResult.GetValue(paths)!,
                parseResult.GetValue(outDir)!,
                new ExtractionOptions { Links = parseResult.GetValue(links) == "original" ? LinkBase.Original : LinkBase.Snapshot, MaxPageBytes = parseResult.GetValue(maxSize) * 1048576 },
                rawSite is null ? null : new RawPageProvenance(rawSite, parseResult.GetValue(url)!, parseResult.GetValue(timestamp)!, parseResult.GetValue(charset)),
                parseResult.GetValue(jobs));
            return new ExtractRunner(output, error).RunAsync(request, cancellationToken);
        });
        return command;
    }
}
