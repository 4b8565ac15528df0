using Harvester.Storage;
using Harvester.Tests.Support;

namespace Harvester.Tests.Cli;

/// <summary>
/// A store damaged anywhere: no command ever prints a stack trace or crashes; every one ends with a known exit code;
/// <c>check</c> finds every damaged payload, and <c>check --repair</c> writes what is intact into a new file.
/// </summary>
public sealed class DamagedStoreTests : IClassFixture<DamagedStoreTests.CrawledStore>, IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly CrawledStore _store;

    public DamagedStoreTests(CrawledStore store) => _store = store;

    public void Dispose() => _dir.Dispose();

    /// <summary>The fixture archive crawled once into a store that each test copies and damages.</summary>
    public sealed class CrawledStore : IAsyncLifetime
    {
        private readonly TemporaryDirectory _dir = new();
        public string Path => _dir.Combine("crawled.db");

        public async ValueTask InitializeAsync()
        {
            var crawl = await CliRun.RunAsync("--db", Path, "--archive", FixtureArchive.Folder, "crawl", "--from", "2018", "--to", "2019",
                "alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example");
            Assert.Equal(0, crawl.ExitCode);
        }

        public ValueTask DisposeAsync()
        {
            _dir.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private static readonly int[] Codes = [0, 1, 3, 4];

    private static readonly string[][] Commands =
    [
        ["status"], ["versions", "alpha-shop.example"], ["show", "zeta-travel.example"], ["diff", "zeta-travel.example"],
        ["search", "privacy"], ["export", "--format", "jsonl", "--out", "OUT"], ["export", "--out", "OUT"], ["reextract"], ["check"],
        ["--archive", FixtureArchive.Folder, "run", "--once"],
    ];

    private string DamagedCopy(long offset, int length, int seed)
    {
        var copy = _dir.Combine($"damaged-{offset}-{seed}.db");
        File.Copy(_store.Path, copy);
        using var file = File.Open(copy, FileMode.Open, FileAccess.ReadWrite);
        var garbage = new byte[Math.Min(length, (int)(file.Length - offset))];
        new Random(seed).NextBytes(garbage);
        file.Position = offset;
        file.Write(garbage);
        return copy;
    }

    public static TheoryData<int> Offsets() => new(Enumerable.Range(0, 16));

    [Theory]
    [MemberData(nameof(Offsets))]
    public async Task EveryCommand_StoreDamagedAnywhere_EndsWithOneLineAndAKnownCode(int slice)
    {
        long size = new FileInfo(_store.Path).Length;
        // 16 slices across the file, each damaged with 4 KB of random bytes starting part-way into a page.
        long offset = Math.Min(size - 1, slice * (size / 16) + 1000);
        var db = DamagedCopy(offset, 4096, seed: slice);

        var runs = new Dictionary<string, CliRun>();
        foreach (var command in Commands)
        {
            var args = command.Select(a => a == "OUT" ? _dir.Combine($"out-{slice}-{Guid.NewGuid():N}") : a).ToArray();
            var run = await CliRun.RunAsync(["--db", db, .. args]);

            var said = $"{string.Join(' ', command)} at offset {offset}: exit {run.ExitCode}\n{run.Error}";
            Assert.True(Codes.Contains(run.ExitCode), said);
            Assert.False((run.Error + run.Output).Contains("   at ", StringComparison.Ordinal), said);
            Assert.False(run.Error.Contains("Exception", StringComparison.Ordinal), said);
            if (run.ExitCode == 4 && !command.Contains("check")) Assert.True(run.Error.Contains("damaged (", StringComparison.Ordinal), said);
            runs[command.Contains("run") ? "run" : command[0]] = run;
        }
        // A damaged index is what the worker's cheap check at start finds: it refuses to crawl into that store.
        if (runs["check"].Output.Contains("its index cannot be read", StringComparison.Ordinal))
        {
            Assert.Equal(4, runs["run"].ExitCode);
            Assert.Contains("damaged (", runs["run"].Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_IntactStore_SaysSoAndExitsZero()
    {
        var run = await CliRun.RunAsync("--db", _store.Path, "check");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(": intact (", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DamagedPayloads_NamesEveryOneAndRepairKeepsTheRest()
    {
        var db = _dir.Combine("payloads.db");
        File.Copy(_store.Path, db);
        var bytes = await File.ReadAllBytesAsync(db, TestContext.Current.CancellationToken);
        List<(string Sha, int Length)> payloads;
        using (var database = LiteDbFile.Open(db))
        {
            payloads = database.Payloads.FindAll().Select(p => (p.Sha256, p.Compressed.Length)).ToList();
        }
        // Damage three payloads where their compressed bytes lie in the file, 16 bytes in the middle of each.
        var damaged = new List<string>();
        using (var database = LiteDbFile.Open(db))
        {
            foreach (var (sha, _) in payloads.Where(p => p.Length > 400).Take(3))
            {
                var compressed = database.Payloads.FindById(sha).Compressed;
                int at = bytes.AsSpan().IndexOf(compressed.AsSpan(100, 64));
                Assert.True(at > 0, "the payload's bytes lie in one page");
                damaged.Add(sha);
                for (int i = 0; i < 16; i++) bytes[at + 20 + i] ^= 0x5A;
            }
        }
        await File.WriteAllBytesAsync(db, bytes, TestContext.Current.CancellationToken);

        var check = await CliRun.RunAsync("--db", db, "check");
        var repaired = _dir.Combine("repaired.db");
        var repair = await CliRun.RunAsync("--db", db, "check", "--repair", "--out", repaired);
        var recheck = await CliRun.RunAsync("--db", repaired, "check");
        var status = await CliRun.RunAsync("--db", repaired, "status");

        Assert.True(check.ExitCode == 4, check.Error + check.Output);
        foreach (var sha in damaged) Assert.Contains($"payloads {sha}: its bytes no longer match their SHA-256", check.Output, StringComparison.Ordinal);
        Assert.Equal(1, repair.ExitCode);
        Assert.Contains($"wrote {repaired}: ", repair.Output, StringComparison.Ordinal);
        Assert.Contains($"{payloads.Count - damaged.Count} payloads", repair.Output, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        // The repaired store reads whole; only the lost snapshots are reported by its own check.
        Assert.DoesNotContain("cannot be read", recheck.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("no longer match", recheck.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_DamagedMarkdown_IsExtractedAgainFromTheIntactSnapshot()
    {
        var db = _dir.Combine("markdown.db");
        File.Copy(_store.Path, db);
        var bytes = await File.ReadAllBytesAsync(db, TestContext.Current.CancellationToken);
        VersionRecord version;
        using (var database = LiteDbFile.Open(db))
        {
            version = database.Versions.FindAll().First(v => v.Site == "zeta-travel.example" && v.Number == 1);
        }
        // The header names the capture, so it is unique in the file; the body follows it in the same document.
        var header = System.Text.Encoding.UTF8.GetBytes(version.Markdown[..version.Markdown.IndexOf('\n')]);
        int start = bytes.AsSpan().IndexOf(header);
        Assert.True(start > 0);
        int at = start + bytes.AsSpan(start).IndexOf("Version 1. We collect"u8);
        Assert.True(at > start);
        bytes[at] = (byte)'#'; // one character changed: the document still reads, its text hash no longer matches
        await File.WriteAllBytesAsync(db, bytes, TestContext.Current.CancellationToken);

        var check = await CliRun.RunAsync("--db", db, "check");
        var repaired = _dir.Combine("markdown-repaired.db");
        var repair = await CliRun.RunAsync("--db", db, "check", "--repair", "--out", repaired);
        var show = await CliRun.RunAsync("--db", repaired, "show", "zeta-travel.example", "--version", "1");

        Assert.Equal(4, check.ExitCode);
        Assert.Contains("zeta-travel.example v1: its Markdown no longer matches its text hash", check.Output, StringComparison.Ordinal);
        Assert.True(repair.ExitCode == 0, repair.Output + repair.Error);
        Assert.Contains("1 version re-extracted", repair.Output, StringComparison.Ordinal);
        Assert.Equal(version.Markdown, show.Output);
        Assert.Equal(0, (await CliRun.RunAsync("--db", repaired, "check")).ExitCode);
    }

    [Fact]
    public async Task Repair_NeverOverwritesAFile()
    {
        var existing = _dir.Combine("existing.db");
        await File.WriteAllTextAsync(existing, "keep me", TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("--db", _store.Path, "check", "--repair", "--out", existing);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already exists", run.Error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken));
    }
}
