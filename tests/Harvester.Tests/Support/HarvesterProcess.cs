using System.Diagnostics;

namespace Harvester.Tests.Support;

/// <summary>Starts the <c>harvester</c> command line as a child process, for tests that kill or signal it.</summary>
internal static class HarvesterProcess
{
    /// <summary>The CLI from its own build output (the test folder mixes in other versions of its dependencies).</summary>
    public static string Dll
    {
        get
        {
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var path = Path.Combine(RepositoryPaths.Root, "src", "Harvester.Cli", "bin", configuration, framework.Name, "harvester.dll");
            Assert.True(File.Exists(path), $"{path} is missing: build the solution first");
            return path;
        }
    }

    /// <summary>
    /// Starts <c>harvester ARGS</c> (in <paramref name="workingDirectory"/> when given); standard output and error are
    /// collected into <paramref name="log"/>, if given.
    /// </summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, ProcessLog? log = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A child a test kills cannot remove its diagnostics socket and debug pipes from /tmp, so it opens none.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => log?.Add(e.Data);
        process.ErrorDataReceived += (_, e) => log?.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

/// <summary>The lines a child process printed, in order, safe to read while it runs.</summary>
internal sealed class ProcessLog
{
    private readonly List<string> _lines = [];

    public void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToList();
        }
    }

    public override string ToString() => string.Join('\n', Lines);
}
