using System.Text.Json;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

public sealed class ArchiveCommandsTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public ArchiveCommandsTests()
    {
        foreach (var name in FixtureArchive.Files) File.Copy(Path.Combine(FixtureArchive.Folder, name), _dir.Combine(name));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Index_FixtureFolder_WritesTheIndexAndSaysWhat()
    {
        var run = await CliRun.RunAsync("index", _dir.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith($"indexed 26 captures from 2 files", run.Output);
        Assert.True(File.Exists(_dir.Combine("index.cdxj")));
    }

    [Fact]
    public async Task Index_CorruptRecord_IsReportedAndExitsOne()
    {
        var path = _dir.Combine(FixtureArchive.Files[0]);
        var bytes = File.ReadAllBytes(path);
        for (int i = 2000; i < 2040; i++) bytes[i] ^= 0x33;
        File.WriteAllBytes(path, bytes);

        var run = await CliRun.RunAsync("index", _dir.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"fixtures-2018\.warc\.gz@\d+: .+; record skipped", run.Error);
        Assert.Contains("corrupt records skipped", run.Output);
    }

    [Fact]
    public async Task Captures_Table_ListsTheHomePageCaptures()
    {
        var run = await CliRun.RunAsync("captures", "zeta-travel.example", "--archive", _dir.Path, "--from", "2018", "--to", "2018");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("TIMESTAMP", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("20180401090000     200  text/html", lines[1]);
        Assert.Contains("2 captures of http://zeta-travel.example/", run.Error);
    }

    [Fact]
    public async Task Captures_Json_IsOneObjectPerLine()
    {
        var run = await CliRun.RunAsync("captures", "http://alpha-shop.example/privacy", "--archive", _dir.Path, "--json");

        var rows = run.Output.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, rows.Count);
        Assert.True(rows[1].GetProperty("is_revisit").GetBoolean());
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("ftp://x.example/")]
    [InlineData("-rf")]
    public async Task Captures_MalformedDomain_IsAUsageError(string domain)
    {
        var run = await CliRun.RunAsync("captures", "--archive", _dir.Path, "--", domain);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a domain or an http(s) URL", run.Error);
    }

    [Fact]
    public async Task Captures_ReversedYears_IsAUsageError()
    {
        var run = await CliRun.RunAsync("captures", "a.example", "--archive", _dir.Path, "--from", "2020", "--to", "2019");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--from 2020 is after --to 2019", run.Error);
    }

    [Fact]
    public async Task Captures_MissingArchiveFolder_SaysSo()
    {
        var run = await CliRun.RunAsync("captures", "a.example", "--archive", "/nonexistent/folder");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/nonexistent/folder: neither a folder of WARC files nor an http(s) archive URL", run.Error);
    }
}
