using System.Diagnostics;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>
/// <c>export --format git</c> over the fixture archive: a commit per half-year with a found policy, each commit's tree
/// exactly <c>export --at</c> that half-year, the same commit ids from the same store, an incremental run equal to a
/// full one, and no writing into a repository it did not make.
/// </summary>
public sealed class GitExportTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Sites = ["alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example"];

    private async Task<string> CrawlAsync(string db, string from, string to)
    {
        var crawl = await CliRun.RunAsync(["--db", db, "--archive", FixtureArchive.Folder, "crawl", "--from", from, "--to", to, .. Sites]);
        Assert.True(crawl.ExitCode == 0, crawl.Error);
        return db;
    }

    private static string Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {git.StandardError.ReadToEnd()}");
        return output;
    }

    [Fact]
    public async Task Git_ACommitPerHalfYear_EachTreeIsExportAtThatHalfYear_AndIdsAreStable()
    {
        var db = await CrawlAsync(_dir.Combine("h.db"), "2018", "2019");
        var repo = _dir.Combine("repo");

        var run = await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", repo);
        var again = await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", _dir.Combine("repo2"));

        Assert.True(run.ExitCode == 0, run.Error);
        var commits = Git(repo, "log", "--reverse", "--format=%H %s %aI").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
        Assert.Equal(["2018A", "2018B", "2019A", "2019B"], commits.Select(c => c[1]));
        Assert.Equal("2018-04-01T00:00:00+00:00", commits[0][2]);
        Assert.Equal(Git(repo, "rev-parse", "HEAD"), Git(_dir.Combine("repo2"), "rev-parse", "HEAD"));
        foreach (var commit in commits)
        {
            var atDir = _dir.Combine("at-" + commit[1]);
            Assert.Equal(0, (await CliRun.RunAsync("--db", db, "export", "--out", atDir, "--at", commit[1])).ExitCode);
            var expected = Directory.EnumerateFiles(atDir, "*.md", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(atDir, f).Replace('\\', '/'), File.ReadAllText);
            var tree = Git(repo, "ls-tree", "-r", "--name-only", commit[0]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), tree.Order(StringComparer.Ordinal));
            foreach (var path in tree) Assert.Equal(expected[path], Git(repo, "show", $"{commit[0]}:{path}"));
        }
        // A site's history is its file's log.
        Assert.Equal(["2019A", "2018B", "2018A"], Git(repo, "log", "--follow", "--format=%s", "--", "z/ze/zet/zeta-travel.example.md").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{repo}: up to date", (await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", repo)).Output);
    }

    [Fact]
    public async Task Git_IncrementalAfterMoreCrawling_EqualsAFullExport()
    {
        var db = await CrawlAsync(_dir.Combine("grow.db"), "2018", "2018");
        var repo = _dir.Combine("incremental");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", repo)).ExitCode);
        await CrawlAsync(db, "2019", "2019");

        var more = await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", repo);
        var full = await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", _dir.Combine("full"));

        Assert.Contains("exported 2 half-years as commits", more.Output);
        Assert.Equal(0, full.ExitCode);
        Assert.Equal(Git(_dir.Combine("full"), "rev-parse", "HEAD"), Git(repo, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task Git_ARepositoryItDidNotWrite_IsRefused()
    {
        var db = await CrawlAsync(_dir.Combine("h.db"), "2018", "2018");
        var foreign = _dir.Combine("foreign");
        Directory.CreateDirectory(foreign);
        Git(foreign, "init", "--quiet");
        var notEmpty = _dir.Combine("not-empty");
        Directory.CreateDirectory(notEmpty);
        File.WriteAllText(Path.Combine(notEmpty, "notes.txt"), "mine");

        var intoRepo = await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", foreign);
        var intoFolder = await CliRun.RunAsync("--db", db, "export", "--format", "git", "--out", notEmpty);

        Assert.Equal(2, intoRepo.ExitCode);
        Assert.Contains("did not write; refusing to add to it", intoRepo.Error);
        Assert.Equal(2, intoFolder.ExitCode);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(notEmpty, "notes.txt")));
        Assert.Single(Directory.EnumerateFileSystemEntries(notEmpty));
    }
}
