using System.Net;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Tests.Support;
using Harvester.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Harvester.Tests.Web;

/// <summary>The token, the refusal to serve off loopback without one, and what hostile stored text becomes in a page.</summary>
public sealed class WebSecurityTests : IDisposable
{
    private readonly TemporaryDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://127.0.0.1:5080;http://example.org:80")]
    public void OffLoopback_WithoutToken_RefusesToStart(string urls)
    {
        using var store = LiteDbStore.Open(_dir.Combine("s.db"));
        var refused = Assert.Throws<WebSettingsException>(() => HarvesterWebApp.Build(store, new HttpOptions { Urls = urls }));
        Assert.Contains("without a token", refused.Message);
    }

    [Fact]
    public async Task ServeCommand_OffLoopbackWithoutToken_SaysSoInOneLine()
    {
        var db = _dir.Combine("s.db");
        Assert.Equal(0, (await CliRun.RunAsync("--db", db, "add", "a.example")).ExitCode);
        var run = await CliRun.RunAsync("--db", db, "serve", "--urls", "http://0.0.0.0:5081");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("refusing to serve on http://0.0.0.0:5081 without a token", run.Error);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task WithToken_RequestsWithoutIt_Get401_BearerAndLoginCookieWork()
    {
        using var store = LiteDbStore.Open(_dir.Combine("s.db"));
        store.Sites.Add("a.example", 2018, 2019);
        await using var app = HarvesterWebApp.Build(store, new HttpOptions { Urls = "http://0.0.0.0:5080", Token = "s3cret-token" }, b => b.WebHost.UseTestServer());
        await app.StartAsync(Ct);
        var server = app.GetTestServer();
        using var http = server.CreateClient();

        using var anonymous = await http.GetAsync("/api/sites", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/sites") { Headers = { Authorization = new("Bearer", "guess") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, Ct)).StatusCode);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/sites") { Headers = { Authorization = new("Bearer", "s3cret-token") } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer, Ct)).StatusCode);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "Accept", "text/html" } } };
        using var redirected = await http.SendAsync(page, Ct);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal("/login", redirected.Headers.Location!.OriginalString);

        using var badLogin = await http.PostAsync("/login", new FormUrlEncodedContent([new("token", "guess")]), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
        using var login = await http.PostAsync("/login", new FormUrlEncodedContent([new("token", "s3cret-token")]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, "/api/sites") { Headers = { { "Cookie", cookie.Split(';')[0] } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(withCookie, Ct)).StatusCode);
    }

    [Fact]
    public async Task RateLimit_Answers429_AsProblemDetails()
    {
        using var store = LiteDbStore.Open(_dir.Combine("s.db"));
        await using var app = HarvesterWebApp.Build(store, new HttpOptions { RequestsPerMinute = 3 }, b => b.WebHost.UseTestServer());
        await app.StartAsync(Ct);
        using var http = app.GetTestClient();
        var codes = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++) codes.Add((await http.GetAsync("/api/status", Ct)).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, (HttpStatusCode)429, (HttpStatusCode)429], codes);
    }

    [Fact]
    public async Task RequestBodies_OverTheLimit_AreRefused()
    {
        using var store = LiteDbStore.Open(_dir.Combine("s.db"));
        // Kestrel itself, on a free loopback port: the limit is the server's.
        await using var app = HarvesterWebApp.Build(store, new HttpOptions { Urls = "http://127.0.0.1:0", Token = "t", MaxRequestBodyBytes = 2048 });
        await app.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var response = await http.PostAsync("/login", new FormUrlEncodedContent([new("token", new string('x', 10_000))]), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("[a](javascript:alert(1))", false)]
    [InlineData("[a]( JaVaScRiPt:alert(1))", false)]
    [InlineData("[a](java\tscript:alert(1))", false)]
    [InlineData("[a](data:text/html,x)", false)]
    [InlineData("[a](vbscript:x)", false)]
    [InlineData("<javascript:alert(1)>", false)]
    [InlineData("[a](https://example.org/)", true)]
    [InlineData("[a](mailto:x@example.org)", true)]
    public void RenderedPolicies_MakeOnlySafeLinksClickable(string markdown, bool clickable)
    {
        var html = PolicyRenderer.ToHtml(markdown);
        Assert.Equal(clickable, html.Contains("<a ", StringComparison.Ordinal));
        if (clickable) Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
    }

    [Fact]
    public void RenderedPolicies_EscapeRawHtml_AndDoNotLoadImages()
    {
        var html = PolicyRenderer.ToHtml("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n![logo](https://tracker.example/pixel.gif)\n\n</textarea><b>x</b>");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("&lt;/textarea&gt;", html);
    }
}
