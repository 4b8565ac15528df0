using System.IO.Compression;
using System.Text;
using Harvester.Archive;
using Harvester.Archive.Warc;
using Harvester.Tests.Support;

namespace Harvester.Tests.Archive;

/// <summary>The local web archive over a copy of <c>fixtures/archive</c>.</summary>
public sealed class WarcArchiveTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();
    private readonly WarcArchive _archive;

    public WarcArchiveTests()
    {
        foreach (var name in FixtureArchive.Files) File.Copy(Path.Combine(FixtureArchive.Folder, name), _dir.Combine(name));
        _archive = new WarcArchive(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ManyOpenersOfOneFolder_IndexItAtOnce_AllSucceed_WithOneWholeIndexLeft()
    {
        // Workers on one machine sharing a local archive each build its index when it is missing or stale.
        var archives = Enumerable.Range(0, 8).Select(_ => new WarcArchive(_dir.Path)).ToList();
        var counts = new int[archives.Count];
        Parallel.For(0, archives.Count, i => counts[i] = archives[i].Index.Lookup(UrlKey.For("http://alpha-shop.example/")).Count);
        Assert.All(counts, c => Assert.Equal(counts[0], c));
        Assert.True(counts[0] > 0);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
        Assert.Equal(counts[0], new WarcArchive(_dir.Path).Index.Lookup(UrlKey.For("http://alpha-shop.example/")).Count);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ReadAll_BothFormats_ReadEveryRecordType()
    {
        var types = FixtureArchive.Files
            .SelectMany(f => WarcFileReader.ReadAll(_dir.Combine(f), e => Assert.Fail(e.Reason)))
            .GroupBy(e => e.Record.Type).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(2, types["metadata"]);
        Assert.Equal(2, types["revisit"]);
        Assert.Equal(13, types["request"]);
        Assert.Equal(24, types["response"]);
    }

    [Fact]
    public void Index_IsBuiltWhenMissing_AndLoadsBackIdentical()
    {
        Assert.True(CdxjIndex.IsStale(_dir.Path));
        var built = _archive.Index;

        Assert.True(File.Exists(_dir.Combine(CdxjIndex.FileName)));
        Assert.False(CdxjIndex.IsStale(_dir.Path));
        Assert.Equal(26, built.Entries.Count);
        var loaded = CdxjIndex.Load(_dir.Combine(CdxjIndex.FileName));
        Assert.Equal(built.Entries, loaded.Entries);
        var firstLine = File.ReadLines(_dir.Combine(CdxjIndex.FileName)).First();
        Assert.StartsWith("example,alpha-shop)/ 20180315100000 {", firstLine);
    }

    [Fact]
    public async Task ListCaptures_YearRange_KeepsThoseYears()
    {
        var all = await _archive.ListCapturesAsync(new CaptureQuery("alpha-shop.example/privacy"), Ct).ToListAsync(Ct);
        var in2019 = await _archive.ListCapturesAsync(new CaptureQuery("http://alpha-shop.example/privacy", 2019, 2019), Ct).ToListAsync(Ct);

        Assert.Equal(["20180316100000", "20181003100000", "20190406100000", "20191011100000"], all.Select(c => c.Timestamp));
        Assert.True(all[1].IsRevisit);
        Assert.Equal(["20190406100000", "20191011100000"], in2019.Select(c => c.Timestamp));
    }

    [Fact]
    public async Task Fetch_Timestamp_ServesNearestCapture()
    {
        var snapshot = await _archive.FetchAsync("20180401000000", "http://alpha-shop.example/privacy", Ct);

        Assert.Equal("20180316100000", snapshot.Timestamp);
        Assert.Equal(200, snapshot.StatusCode);
        Assert.Contains("We collect the information you give us", Encoding.UTF8.GetString(snapshot.Body));
        Assert.DoesNotContain("You may ask us at any time", Encoding.UTF8.GetString(snapshot.Body));
    }

    [Fact]
    public async Task Fetch_Revisit_ResolvesToTheOriginalPayload()
    {
        var original = await _archive.FetchAsync("20180316100000", "http://alpha-shop.example/privacy", Ct);
        var revisit = await _archive.FetchAsync("20181003100000", "http://alpha-shop.example/privacy", Ct);

        Assert.Equal("20181003100000", revisit.Timestamp);
        Assert.Equal(original.Body, revisit.Body);
        Assert.Equal("text/html; charset=utf-8", revisit.ContentType);
    }

    [Fact]
    public async Task Fetch_RedirectCapture_IsReportedWithItsTarget()
    {
        var snapshot = await _archive.FetchAsync("20190403080000", "http://beta-news.example/legal/privacy.html", Ct);

        Assert.True(snapshot.IsRedirect);
        Assert.Equal(301, snapshot.StatusCode);
        Assert.Equal("http://beta-news.example/legal/privacy-2019.html", snapshot.RedirectTarget);
    }

    [Fact]
    public async Task Fetch_Windows1252Page_KeepsBytesAndCharset()
    {
        var snapshot = await _archive.FetchAsync("20180921110000", "http://gamma-bank.example/legal/privacy-security.html", Ct);

        Assert.Equal("windows-1252", snapshot.Charset);
        Assert.Contains((byte)0xE9, snapshot.Body); // é in windows-1252
    }

    [Fact]
    public async Task Fetch_UnknownUrl_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<ArchiveException>(() => _archive.FetchAsync("20180101000000", "http://nowhere.example/", Ct));
        Assert.Equal(ArchiveErrorKind.NotFound, e.Kind);
    }

    [Fact]
    public void Build_CorruptGzipMember_IsSkippedWithAClearErrorAndTheRestIndexed()
    {
        var path = _dir.Combine(FixtureArchive.Files[0]);
        var entries = WarcFileReader.ReadAll(path).ToList();
        var victim = entries.First(e => e.Record.Type == "response" && e.Record.TargetUri == "http://beta-news.example/legal/privacy.html");
        var bytes = File.ReadAllBytes(path);
        for (long i = victim.Offset + 20; i < victim.Offset + 60; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        var (index, errors) = CdxjIndex.Build(_dir.Path);

        var error = Assert.Single(errors);
        Assert.Equal(victim.Offset, error.Offset);
        Assert.Equal(25, index.Entries.Count);
        Assert.DoesNotContain(index.Lookup(UrlKey.For("http://beta-news.example/legal/privacy.html")), e => e.Timestamp.StartsWith("2018", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_TruncatedPlainWarc_KeepsTheRecordsBeforeTheDamage()
    {
        var path = _dir.Combine(FixtureArchive.Files[1]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        var (index, errors) = CdxjIndex.Build(_dir.Path);

        Assert.Single(errors);
        Assert.InRange(index.Entries.Count, 14, 25);
    }

    [Fact]
    public async Task Fetch_Warc10RecordWithChunkedGzipPayload_IsDecoded()
    {
        var html = "<html><body>chunked and gzipped</body></html>"u8.ToArray();
        using var gz = new MemoryStream();
        using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true)) z.Write(html);
        var compressed = gz.ToArray();
        var chunked = new MemoryStream();
        chunked.Write(Encoding.ASCII.GetBytes($"{compressed.Length:x}\r\n"));
        chunked.Write(compressed);
        chunked.Write("\r\n0\r\n\r\n"u8);
        var block = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n").Concat(chunked.ToArray()).ToArray();
        var record = Encoding.ASCII.GetBytes(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2015-06-01T12:00:00Z\r\nWARC-Target-URI: http://old.example/privacy\r\n" +
            $"Content-Type: application/http; msgtype=response\r\nContent-Length: {block.Length}\r\n\r\n").Concat(block).Concat("\r\n\r\n"u8.ToArray()).ToArray();
        var folder = Directory.CreateDirectory(_dir.Combine("w10")).FullName;
        File.WriteAllBytes(Path.Combine(folder, "old.warc"), record);

        var archive = new WarcArchive(folder);
        var snapshot = await archive.FetchAsync("20150601", "http://old.example/privacy", Ct);

        Assert.Equal(html, snapshot.Body);
        Assert.Equal("20150601120000", snapshot.Timestamp);
    }

    [Theory]
    [InlineData("http://www.Example.com/a?b=1&a=2", "com,example)/a?a=2&b=1")]
    [InlineData("https://example.com", "com,example)/")]
    [InlineData("example.com/Privacy#top", "com,example)/privacy")]
    [InlineData("http://www2.shop.example.co.uk:80/x", "uk,co,example,shop)/x")]
    public void UrlKey_For_IsCanonical(string url, string key) => Assert.Equal(key, UrlKey.For(url));
}
