using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>The README's way to get <c>harvester</c> on PATH: pack the dotnet tool, install it from the folder, run it.</summary>
[Collection(ReleaseBuildCollection.Name)]
public sealed class DotnetToolTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var run = await ChildRun.RunAsync(file, args, RepositoryPaths.Root);
        return (run.ExitCode, run.Output + run.Error);
    }

    [Fact]
    public async Task Pack_InstallFromTheFolder_RunsAndSaysItsVersions()
    {
        var artifacts = _dir.Combine("artifacts");
        var tools = _dir.Combine("tools");

        var pack = await RunAsync("dotnet", "pack", "src/Harvester.Cli", "-c", "Release", "-o", artifacts);
        Assert.True(pack.ExitCode == 0, pack.Output);
        var install = await RunAsync("dotnet", "tool", "install", "--tool-path", tools, "--add-source", artifacts, "Harvester");
        Assert.True(install.ExitCode == 0, install.Output);
        var version = await RunAsync(Path.Combine(tools, "harvester"), "--version");

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^harvester \d+\.\d+\.\d+", version.Output);
        Assert.Contains("extractor harvester-extract/4 (readability 0.3.0, html2text 2020.1.16)", version.Output, StringComparison.Ordinal);
    }
}
