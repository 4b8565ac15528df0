using System.CommandLine;
using Harvester.Archive.Wayback;

namespace Harvester.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Archive = new("--archive")
    {
        Description = "The web archive: a Wayback/pywb base URL, or a folder of WARC files.",
        DefaultValueFactory = _ => WaybackConstants.DefaultBaseUrl,
        Recursive = true,
    };

    public static readonly Option<string> Database = new("--db")
    {
        Description = "The LiteDB database file.",
        DefaultValueFactory = _ => Harvester.Storage.HarvesterDatabase.DefaultPath,
        Recursive = true,
    };
}
