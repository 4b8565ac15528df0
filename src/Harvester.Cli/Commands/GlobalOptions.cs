using System.CommandLine;
using Harvester.Archive.Wayback;

namespace Harvester.Cli.Commands;

/// <summary>
/// Options every command accepts. They are made anew for each command line and read back by name: an option object
/// kept in a static field would remember every command tree it was added to (System.CommandLine records each parent),
/// and the worker builds a command line for every query it answers.
/// </summary>
internal static class GlobalOptions
{
    private const string ArchiveName = "--archive";
    private const string DatabaseName = "--db";
    private const string ConfigName = "--config";

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(new Option<string>(ArchiveName)
        {
            Description = "The web archive: a Wayback/pywb base URL, or a folder of WARC files.",
            DefaultValueFactory = _ => WaybackConstants.DefaultBaseUrl,
            Recursive = true,
        });
        root.Options.Add(new Option<string>(DatabaseName)
        {
            Description = "The store: a LiteDB file, or a PostgreSQL database (postgresql://USER@HOST:PORT/DB or a connection string).",
            DefaultValueFactory = _ => Harvester.Storage.LiteDb.LiteDbFile.DefaultPath,
            Recursive = true,
        });
        root.Options.Add(new Option<string?>(ConfigName)
        {
            Description = "A JSON settings file (same shape as appsettings.json).",
            Recursive = true,
        });
    }

    /// <summary>
    /// Fails in seconds, with one line, when nothing answers at <c>--archive</c>: before a command that talks to the
    /// archive spends a minute of retries per site on an address where nothing listens.
    /// </summary>
    /// <exception cref="Harvester.Archive.ArchiveException">The archive cannot be reached.</exception>
    public static Task EnsureArchiveReachableAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        Harvester.Archive.ArchiveProbe.EnsureReachableAsync(Archive(parseResult), TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>The archive named by <c>--archive</c> (the live Wayback Machine by default).</summary>
    public static string Archive(ParseResult parseResult) => parseResult.GetValue<string>(ArchiveName)!;

    /// <summary>The store named by <c>--db</c>: a LiteDB file (<c>harvester.db</c> by default) or a PostgreSQL address.</summary>
    public static string Database(ParseResult parseResult) => parseResult.GetValue<string>(DatabaseName)!;

    /// <summary>The settings file named by <c>--config</c>, if any.</summary>
    public static string? ConfigFile(ParseResult parseResult) => parseResult.GetValue<string?>(ConfigName);
}
