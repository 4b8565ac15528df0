using System.CommandLine;

namespace Harvester.Cli.Commands;

/// <summary>Domains given as arguments or in a file (<c>--file LIST</c>, one per line, # comments), normalised and checked.</summary>
internal sealed class SiteArguments
{
    public Argument<string[]> Domains { get; } = new("DOMAIN") { Description = "Sites to crawl (example.com).", Arity = ArgumentArity.ZeroOrMore };
    public Option<string?> File { get; } = new("--file") { Description = "A file with one domain per line." };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Domains);
        command.Options.Add(File);
    }

    /// <summary>The domains; or null, after writing one <c>harvester:</c> line about the first bad one to <paramref name="error"/>.</summary>
    public async Task<IReadOnlyList<string>?> ReadAsync(ParseResult parseResult, TextWriter error)
    {
        var (domains, problem) = Read(parseResult);
        if (problem is null) return domains;
        await error.WriteLineAsync($"harvester: {problem}");
        return null;
    }

    private (IReadOnlyList<string> Domains, string? Error) Read(ParseResult parseResult)
    {
        var raw = new List<string>(parseResult.GetValue(Domains) ?? []);
        if (parseResult.GetValue(File) is { } path)
        {
            if (!System.IO.File.Exists(path)) return ([], $"{path}: no such file");
            raw.AddRange(System.IO.File.ReadLines(path).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0));
        }
        if (raw.Count == 0) return ([], "give at least one DOMAIN or --file LIST");
        var domains = new List<string>();
        // The list's order, each domain once (a list of 130,000 sites must not be compared pair by pair).
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in raw)
        {
            var domain = Normalize(value);
            if (domain is null) return ([], $"'{value}' is not a domain");
            if (seen.Add(domain)) domains.Add(domain);
        }
        return (domains, null);
    }

    private static string? Normalize(string value)
    {
        var v = value.Trim().ToLowerInvariant();
        if (v.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || uri.Host.Length == 0) return null;
            v = uri.Host;
        }
        v = v.TrimEnd('/').TrimEnd('.');
        return DomainName.IsPlausible(v) && !v.Contains('/') ? v : null;
    }
}
