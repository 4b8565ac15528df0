using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>
/// What a user reads when asking for something that is not there, or typing something wrong: one line, the same words
/// for the same situation, and an exit code of its own (3 not found, 2 usage).
/// </summary>
public sealed class CommandMessagesTests : IClassFixture<DamagedStoreTests.CrawledStore>
{
    private readonly DamagedStoreTests.CrawledStore _store;

    public CommandMessagesTests(DamagedStoreTests.CrawledStore store) => _store = store;

    private Task<CliRun> Run(params string[] args) => CliRun.RunAsync(["--db", _store.Path, .. args]);

    [Theory]
    [InlineData("versions")]
    [InlineData("show")]
    [InlineData("diff")]
    public async Task UnknownSite_EveryQuerySaysTheSameAndExits3(string command)
    {
        var run = await Run(command, "nosuch.example");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal($"harvester: nosuch.example is not in {_store.Path} (add it with 'harvester add nosuch.example')\n", run.Error.ReplaceLineEndings("\n"));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Diff_VersionThatDoesNotExist_SaysWhichAndWhatThereIs()
    {
        var run = await Run("diff", "zeta-travel.example", "1", "7");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("harvester: zeta-travel.example has no version 7 (it has 3 versions, v1..v3)\n", run.Error);
    }

    [Fact]
    public async Task Diff_SiteWithOneVersion_NothingToCompare()
    {
        var run = await Run("diff", "gamma-bank.example");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("harvester: gamma-bank.example: nothing to compare; it has 1 version, v1\n", run.Error);
    }

    [Fact]
    public async Task Show_DateBeforeTheFirstVersion_SaysWhenTheFirstWasSeen()
    {
        var run = await Run("show", "zeta-travel.example", "--at", "2010-01-01");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("harvester: zeta-travel.example has no version in force on 2010-01-01 (2010A): its first version, v1, was first seen in 2018A (captured 20180402090000)\n", run.Error);
    }

    [Fact]
    public async Task Show_SiteWithoutAnyVersion_SaysSo()
    {
        var run = await Run("show", "delta-blog.example");

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith("harvester: delta-blog.example has no version stored yet", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("harvester: 'abc' is not a valid value for --from (a whole number); run 'harvester crawl --help' for usage", "crawl", "--from", "abc", "x.example")]
    [InlineData("harvester: Argument 'Foo' not recognized. Must be one of: 'snapshot' 'original'; run 'harvester extract --help' for usage", "extract", "--links", "Foo", "x.html")]
    [InlineData("harvester: Unrecognized command or argument 'nosuchcmd'; run 'harvester --help' for usage", "nosuchcmd")]
    [InlineData("harvester: no command given; run 'harvester --help' for usage")]
    public async Task BadArguments_OneLineWithAPointerToHelp(string expected, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected + "\n", run.Error);
    }

    [Fact]
    public async Task Help_ListsOptionalArgumentsAsOptional()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("  diff <DOMAIN> [<VERSION>...]", run.Output, StringComparison.Ordinal);
        Assert.Contains("  retry [<DOMAIN>]", run.Output, StringComparison.Ordinal);
        Assert.Contains("  crawl [<DOMAIN>...]", run.Output, StringComparison.Ordinal);
        Assert.Contains("  check ", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("versions")]
    [InlineData("show")]
    [InlineData("search")]
    public async Task Help_EveryArgumentIsDescribed(string command)
    {
        var run = await CliRun.RunAsync(command, "--help");

        var arguments = run.Output[run.Output.IndexOf("Arguments:", StringComparison.Ordinal)..].Split('\n')[1];
        Assert.Matches(@"^\s+<\w+>\s+\S", arguments);
    }

    [Fact]
    public async Task Help_DefaultsAreSaidOnce()
    {
        var run = await CliRun.RunAsync("crawl", "--help");

        var from = run.Output.Split('\n').Single(l => l.TrimStart().StartsWith("--from", StringComparison.Ordinal));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(from, "default"));
    }

    [Fact]
    public async Task Extract_OneBadFile_SingularAndNoRateForNothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"harvester-empty-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var page = Path.Combine(dir, "empty.html");
            File.WriteAllText(page, string.Empty);

            var run = await CliRun.RunAsync("extract", page, "--out", dir);

            Assert.Equal(1, run.ExitCode);
            Assert.Matches(@"^extracted 0 of 1 file in [\d.]+ s; 1 failed\n$", run.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Version_SaysTheProgramsAndTheExtractorsVersion()
    {
        var run = await CliRun.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^harvester \d+\.\d+\.\d+.*\nextractor harvester-extract/4 \(readability 0\.3\.0, html2text 2020\.1\.16\)\n$", run.Output.ReplaceLineEndings("\n"));
        Assert.Empty(run.Error);
    }
}
