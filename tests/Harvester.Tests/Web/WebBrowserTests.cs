using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Tests.Support;
using Harvester.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace Harvester.Tests.Web;

/// <summary>
/// The web app in a real browser (Debian's Chromium driven by Playwright) on a real server: what a person sees when
/// searching, opening a site and a diff; and a hostile policy viewed on every page kind without any of its script
/// running. Screenshots are saved under the test output's <c>screenshots/</c> folder. Without a Chromium the tests skip
/// and say why, unless HARVESTER_REQUIRE_BROWSER=1 (CI sets it), when they fail.
/// </summary>
public sealed class WebBrowserTests : IAsyncLifetime
{
    private WebStore _data = null!;
    private IHarvesterStore _store = null!;
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _base = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string? Chromium => new[] { Environment.GetEnvironmentVariable("HARVESTER_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
        .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    private static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        if (Chromium is null)
        {
            if (Environment.GetEnvironmentVariable("HARVESTER_REQUIRE_BROWSER") == "1") throw new InvalidOperationException("a browser is required here but /usr/bin/chromium is missing (apt-get install chromium)");
            Assert.Skip("no Chromium at /usr/bin/chromium (apt-get install chromium)");
        }
        _data = await WebStore.CreateAsync();
        _store = LiteDbStore.Open(_data.Database);
        _app = HarvesterWebApp.Build(_store, new HttpOptions { Urls = "http://127.0.0.1:0" });
        await _app.StartAsync(Ct);
        _base = _app.Urls.First();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _store?.Dispose();
        _data?.Dispose();
    }

    [Fact]
    public async Task Analyst_SearchesOpensASiteAndADiff_AndSeesHighlightsAndCharts()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync(_base + "/");
        Assert.Equal("Sites · Harvester", await page.TitleAsync());
        Assert.Equal(2, await page.Locator("figure.chart svg").CountAsync());
        Assert.True(await page.Locator("figure.chart rect.bar").CountAsync() > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "home.png"), FullPage = true });

        await page.FillAsync("header input[name=q]", "information you give us");
        await page.PressAsync("header input[name=q]", "Enter");
        await page.Locator("ol.hits").WaitForAsync(); // the results page, however quickly the navigation reports itself
        Assert.Contains("/search?q=", page.Url);
        var marks = await page.Locator("ol.hits mark").AllInnerTextsAsync();
        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.Equal("information you give us", m, ignoreCase: true));
        Assert.Contains("zeta-travel.example", await page.Locator("ol.hits").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "search.png"), FullPage = true });

        await page.ClickAsync("ol.hits a:has-text('zeta-travel.example')");
        await page.Locator("article.policy").WaitForAsync();
        await page.ClickAsync("h1 a");
        await page.Locator("figure.timeline").WaitForAsync();
        Assert.EndsWith("/sites/zeta-travel.example", page.Url);
        Assert.Equal(4, await page.Locator("figure.timeline rect").CountAsync());
        Assert.Equal(3, await page.Locator("figure.timeline rect.outcome-found").CountAsync());
        Assert.Equal(1, await page.Locator("figure.chart polyline.line").CountAsync());
        Assert.Equal(3, await page.Locator("table.versions tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "site.png"), FullPage = true });

        await page.ClickAsync("a:has-text('diff with v2')");
        await page.Locator("table.diff").First.WaitForAsync();
        Assert.EndsWith("/diff?from=2&to=3", page.Url);
        // "Version 2." became "Version 3.": the changed word is marked on each side; v3's new paragraph is inserted whole.
        Assert.Equal("2", await page.Locator("table.diff tr.deleted del").First.InnerTextAsync());
        Assert.Equal("3", await page.Locator("table.diff tr.inserted ins").First.InnerTextAsync());
        Assert.Contains(await page.Locator("table.diff tr.inserted ins").AllInnerTextsAsync(), t => t.StartsWith("Our site uses cookies", StringComparison.Ordinal));
        var inserted = page.Locator("table.diff ins").First;
        Assert.NotEqual("rgba(0, 0, 0, 0)", await inserted.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "diff-inline.png"), FullPage = true });

        await page.ClickAsync("a:has-text('side by side')");
        await page.Locator("table.diff.side").First.WaitForAsync();
        Assert.Equal("2", await page.Locator("table.diff.side td.old del").First.InnerTextAsync());
        Assert.Equal("3", await page.Locator("table.diff.side td.new ins").First.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "diff-side.png"), FullPage = true });

        await page.GotoAsync(_base + "/sites/zeta-travel.example/v/3");
        Assert.Contains("Version 3.", await page.Locator("article.policy").InnerTextAsync());
        Assert.StartsWith("https://web.archive.org/web/", await page.Locator("a:has-text('Wayback snapshot')").GetAttributeAsync("href"));
        await page.GotoAsync(_base + "/status");
        Assert.Contains("7 done", await page.Locator("dl.status").InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task HostilePolicy_OnEveryPageKind_RunsNoScript_AndHasNoClickableScriptLink()
    {
        var page = await _browser.NewPageAsync();
        var ran = new List<string>();
        page.Dialog += async (_, d) =>
        {
            ran.Add("dialog: " + d.Message);
            await d.DismissAsync();
        };
        page.Console += (_, m) => ran.Add($"console {m.Type}: {m.Text}");
        page.PageError += (_, e) => ran.Add("error: " + e);
        string site = WebStore.HostileSite;
        var pages = new[]
        {
            "/", "/?name=hostile", $"/sites/{site}", $"/sites/{site}/v/1", $"/sites/{site}/v/2", $"/sites/{site}/diff?from=1&to=2",
            $"/sites/{site}/diff?from=1&to=2&view=side", "/search?q=script", "/search?q=textarea", "/search?q=%3Cscript%3E", "/status",
            $"/api/sites/{site}/versions/2/html",
        };
        int checkedPages = 0;
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(_base + path);
            Assert.True(response!.Ok, $"{path}: {response.Status}");
            var title = await page.TitleAsync();
            Assert.DoesNotContain("pwned", title);
            Assert.Equal(0, await page.Locator("a[href^='javascript:' i], a[href^='data:' i], a[href^=' javascript' i]").CountAsync());
            Assert.Equal(0, await page.Locator("script, iframe, object, embed, img[onerror], svg[onload]").CountAsync());
            // Whatever the policy says about itself stays text.
            if (path.Contains("/v/", StringComparison.Ordinal) || path.EndsWith("/html", StringComparison.Ordinal))
            {
                var text = await page.Locator("body").InnerTextAsync();
                Assert.Contains("</textarea><script>alert('textarea')</script>", text);
                checkedPages++;
            }
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "hostile-" + checkedPages + "-" + string.Concat(path.Where(char.IsLetterOrDigit)) + ".png"), FullPage = true });
        }
        Assert.True(checkedPages >= 3);
        Assert.Empty(ran);
        // The safe link in the policy is clickable, and opens without a referrer or an opener.
        await page.GotoAsync(_base + $"/sites/{site}/v/2");
        var safe = page.Locator("article.policy a[href='https://hostile.example/full']");
        Assert.Equal(1, await safe.CountAsync());
        Assert.Equal("noopener noreferrer nofollow", await safe.GetAttributeAsync("rel"));
        Assert.Contains("our javascript terms", await page.Locator("article.policy").InnerTextAsync());
    }
}
