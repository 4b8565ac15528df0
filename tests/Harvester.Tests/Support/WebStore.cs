using System.Text;
using Harvester.Archive.Warc;

namespace Harvester.Tests.Support;

/// <summary>
/// A store for the web app's tests: the fixture archive's six sites crawled for 2018-2019, plus
/// <see cref="HostileSite"/>, whose policy (two versions) is full of markup meant to run in a reader's browser.
/// </summary>
internal sealed class WebStore : IDisposable
{
    public const string HostileSite = "hostile.example";
    public const string HostileTitle = "Hostile privacy policy";

    private readonly TemporaryDirectory _dir = new();

    public string Database => _dir.Combine("web.db");

    public static async Task<WebStore> CreateAsync()
    {
        var store = new WebStore();
        var archive = store._dir.Combine("archive");
        Directory.CreateDirectory(archive);
        foreach (var name in FixtureArchive.Files) File.Copy(Path.Combine(FixtureArchive.Folder, name), Path.Combine(archive, name));
        WriteHostile(Path.Combine(archive, "hostile.warc"));
        var crawl = await CliRun.RunAsync("--db", store.Database, "--archive", archive, "crawl", "--from", "2018", "--to", "2019",
            "alpha-shop.example", "beta-news.example", "gamma-bank.example", "delta-blog.example", "epsilon-games.example", "zeta-travel.example", HostileSite);
        Assert.True(crawl.ExitCode == 0, crawl.Error + crawl.Output);
        return store;
    }

    /// <summary>Markup a policy page could carry to attack whoever reads it: scripts, handlers, script URLs, break-outs.</summary>
    public static string HostilePolicy(int version) => $$"""
        <html><head><title>{{HostileTitle}}</title><script>document.title = 'pwned-head';</script></head><body>
        <article><h1>Privacy policy, version {{version}}</h1>
        <p>We take your privacy seriously and describe here, at length, which data we collect and why we keep it.
        This paragraph is long enough for the extractor to choose the article as the page's main content, as it would
        for any real policy page with several paragraphs of text about cookies, analytics and advertising partners.</p>
        <p>Version {{version}} of our sharing rules. <script>alert('script-tag')</script> We share data with partners.</p>
        <p><img src="x" onerror="alert('img-onerror')"> Images may carry handlers &lt;img src=x onerror=alert('escaped-img')&gt;.</p>
        <p>Read <a href="javascript:alert('js-link')">our javascript terms</a>, the <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data terms</a>
        and the <a href="https://hostile.example/full">full terms</a>.</p>
        <p>Break-outs: &lt;/textarea&gt;&lt;script&gt;alert('textarea')&lt;/script&gt; and &lt;/title&gt;&lt;script&gt;document.title='pwned'&lt;/script&gt;
        and "&gt;&lt;svg onload=alert('svg')&gt; and ]]&gt;&lt;!-- --&gt;.</p>
        <p>Contact us at privacy@hostile.example for anything about your data, your rights and our retention periods.</p>
        </article></body></html>
        """;

    private static void WriteHostile(string path)
    {
        KeyValuePair<string, string>[] html = [new("Content-Type", "text/html; charset=utf-8")];
        using var file = File.Create(path);
        using var warc = new WarcWriter(file, compress: false);
        var home = Encoding.UTF8.GetBytes($"<html><head><title>{HostileSite}</title></head><body><p>Welcome.</p><a href=\"/privacy\">Privacy Policy</a></body></html>");
        warc.WriteResponse($"http://{HostileSite}/", "20180301000000", 200, html, home);
        warc.WriteResponse($"http://{HostileSite}/privacy", "20180302000000", 200, html, Encoding.UTF8.GetBytes(HostilePolicy(1)));
        warc.WriteResponse($"http://{HostileSite}/", "20190301000000", 200, html, home);
        warc.WriteResponse($"http://{HostileSite}/privacy", "20190302000000", 200, html, Encoding.UTF8.GetBytes(HostilePolicy(2)));
    }

    public void Dispose() => _dir.Dispose();
}
