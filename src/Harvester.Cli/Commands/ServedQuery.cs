using System.CommandLine;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>
/// A command running inside the worker for a client (see <see cref="Harvester.Worker.Queries.QueryServer"/>): it
/// uses the worker's open database instead of opening <c>--db</c>, and resolves relative paths against the client's
/// folder. Flows with the command's async calls; outside a served query, <see cref="Current"/> is null.
/// </summary>
internal sealed class ServedQuery
{
    /// <summary>The commands a worker runs for clients: those that only read the database (and write files of their own).</summary>
    public static readonly IReadOnlyList<string> Commands = ["versions", "show", "diff", "search", "export"];

    /// <summary>Whether the parsed command is one of <see cref="Commands"/>.</summary>
    public static bool IsQuery(ParseResult parseResult) => Commands.Contains(parseResult.CommandResult.Command.Name);

    private static readonly AsyncLocal<ServedQuery?> Ambient = new();

    private ServedQuery(IHarvesterStore store, string workingDirectory)
    {
        Store = store;
        WorkingDirectory = workingDirectory;
    }

    public static ServedQuery? Current => Ambient.Value;

    public IHarvesterStore Store { get; }
    public string WorkingDirectory { get; }

    /// <summary>Makes the commands run by <paramref name="run"/> use <paramref name="store"/>.</summary>
    public static async Task<int> RunAsync(IHarvesterStore store, string workingDirectory, Func<Task<int>> run)
    {
        Ambient.Value = new ServedQuery(store, workingDirectory);
        try
        {
            return await run();
        }
        finally
        {
            Ambient.Value = null;
        }
    }

    /// <summary><paramref name="path"/> made absolute against the folder the user typed the command in.</summary>
    public static string FullPath(string path) => Path.GetFullPath(path, Current?.WorkingDirectory ?? Directory.GetCurrentDirectory());
}
