using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Harvester.Storage;
using Harvester.Storage.LiteDb;
using Harvester.Tests.Support;
using Harvester.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Harvester.Tests.Web;

/// <summary>The JSON API in memory (ASP.NET Core's test server) over a store crawled from the fixture archive.</summary>
public sealed class WebApiTests : IAsyncLifetime
{
    private WebStore _data = null!;
    private IHarvesterStore _store = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _data = await WebStore.CreateAsync();
        _store = LiteDbStore.Open(_data.Database);
        _app = HarvesterWebApp.Build(_store, new HttpOptions(), b => b.WebHost.UseTestServer());
        await _app.StartAsync(Ct);
        _http = _app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        _store.Dispose();
        _data.Dispose();
    }

    private async Task<JsonElement> JsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _http.GetAsync(path, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Sites_PageWithStableCursors_FilterAndSort()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await JsonAsync("/api/sites?limit=3" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("domain").GetString()!));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        Assert.Equal(["alpha-shop.example", "beta-news.example", "delta-blog.example", "epsilon-games.example", "gamma-bank.example", "hostile.example", "zeta-travel.example"], seen);

        var byVersions = await JsonAsync("/api/sites?sort=versions&limit=2");
        Assert.Equal("zeta-travel.example", byVersions.GetProperty("sites")[0].GetProperty("domain").GetString());
        var next = await JsonAsync("/api/sites?sort=versions&limit=2&cursor=" + byVersions.GetProperty("next").GetString());
        Assert.DoesNotContain(next.GetProperty("sites").EnumerateArray(), s => s.GetProperty("domain").GetString() == "zeta-travel.example");
        var filtered = await JsonAsync("/api/sites?name=ALPHA");
        Assert.Equal("alpha-shop.example", Assert.Single(filtered.GetProperty("sites").EnumerateArray()).GetProperty("domain").GetString());
        Assert.Equal("2019A", (await JsonAsync("/api/sites?sort=changed&limit=1")).GetProperty("sites")[0].GetProperty("lastChange").GetString());
    }

    [Fact]
    public async Task Site_Timeline_Versions_Markdown_Html_Snapshot()
    {
        var site = await JsonAsync("/api/sites/zeta-travel.example");
        var halfYears = site.GetProperty("halfYears").EnumerateArray().ToList();
        Assert.Equal(["2018A", "2018B", "2019A", "2019B"], halfYears.Select(h => h.GetProperty("halfYear").GetString()));
        Assert.Equal(3, site.GetProperty("versions").GetArrayLength());
        var v2 = await JsonAsync("/api/sites/zeta-travel.example/versions/2");
        Assert.Equal("http://zeta-travel.example/privacy-notice#top", v2.GetProperty("policyUrl").GetString());
        Assert.Equal(64, v2.GetProperty("payloadSha256").GetString()!.Length);

        var stored = _store.Versions.Find("zeta-travel.example", 2)!;
        Assert.Equal(stored.Markdown, await _http.GetStringAsync("/api/sites/zeta-travel.example/versions/2/markdown", Ct));
        var html = await _http.GetStringAsync("/api/sites/zeta-travel.example/versions/2/html", Ct);
        Assert.Contains("<h1>Privacy notice</h1>", html);

        using var snapshot = await _http.GetAsync("/api/sites/zeta-travel.example/versions/2/snapshot", Ct);
        Assert.Equal("attachment", snapshot.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("application/octet-stream", snapshot.Content.Headers.ContentType!.MediaType);
        Assert.Equal(_store.Payloads.Get(stored.PayloadSha256), await snapshot.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("sandbox", snapshot.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Versions_CarryETags_AndAnswer304()
    {
        foreach (var path in new[] { "/api/sites/alpha-shop.example/versions/1", "/api/sites/alpha-shop.example/versions/1/markdown", "/api/sites/alpha-shop.example/versions/1/html" })
        {
            using var first = await _http.GetAsync(path, Ct);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.IfNoneMatch.Add(etag);
            using var again = await _http.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync(Ct));
        }
        using var v2 = await _http.GetAsync("/api/sites/alpha-shop.example/versions/2", Ct);
        using var v1 = await _http.GetAsync("/api/sites/alpha-shop.example/versions/1", Ct);
        Assert.NotEqual(v1.Headers.ETag, v2.Headers.ETag);
    }

    [Fact]
    public async Task Diff_HunksWithWordChanges()
    {
        var diff = await JsonAsync("/api/sites/zeta-travel.example/diff?from=1&to=3");
        var lines = diff.GetProperty("hunks").EnumerateArray().SelectMany(h => h.GetProperty("lines").EnumerateArray()).ToList();
        var modified = lines.First(l => l.GetProperty("kind").GetString() == "modified");
        Assert.Contains(modified.GetProperty("oldWords").EnumerateArray(), w => w.GetProperty("kind").GetString() == "deleted" && w.GetProperty("text").GetString() == "1");
        Assert.Contains(modified.GetProperty("newWords").EnumerateArray(), w => w.GetProperty("kind").GetString() == "inserted" && w.GetProperty("text").GetString() == "3");
        Assert.DoesNotContain(lines, l => (l.GetProperty("newText").GetString() ?? string.Empty).Contains("The following text is extracted"));
        var latest = await JsonAsync("/api/sites/zeta-travel.example/diff");
        Assert.Equal((2, 3), (latest.GetProperty("from").GetProperty("number").GetInt32(), latest.GetProperty("to").GetProperty("number").GetInt32()));
    }

    [Fact]
    public async Task Search_PagedWithHighlightedSnippets()
    {
        var all = await JsonAsync("/api/search?q=privacy&limit=100");
        int total = all.GetProperty("hits").GetArrayLength();
        Assert.True(total >= 4);
        var collected = new List<string>();
        string? cursor = null;
        do
        {
            var page = await JsonAsync("/api/search?q=PRIVACY&limit=2" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            foreach (var hit in page.GetProperty("hits").EnumerateArray())
            {
                collected.Add($"{hit.GetProperty("site").GetString()} v{hit.GetProperty("number").GetInt32()}");
                var snippet = hit.GetProperty("snippet");
                var text = snippet.GetProperty("text").GetString()!;
                var match = snippet.GetProperty("matches")[0];
                Assert.Equal("privacy", text.Substring(match.GetProperty("start").GetInt32(), match.GetProperty("length").GetInt32()), ignoreCase: true);
            }
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        Assert.Equal(total, collected.Count);
        Assert.Equal(total, collected.Distinct().Count());
        Assert.Empty((await JsonAsync("/api/search?q=zzzz-not-there")).GetProperty("hits").EnumerateArray());
        Assert.All((await JsonAsync("/api/search?q=privacy&site=alpha-shop.example")).GetProperty("hits").EnumerateArray(),
            h => Assert.Equal("alpha-shop.example", h.GetProperty("site").GetString()));
    }

    [Fact]
    public async Task Status_AndJsonLinesExport()
    {
        var status = await JsonAsync("/api/status");
        Assert.Equal(7, status.GetProperty("jobs").GetProperty("done").GetInt32());
        var export = await _http.GetStringAsync("/api/export.jsonl", Ct);
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(_store.Versions.Count, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal("alpha-shop.example", first.GetProperty("version").GetProperty("site").GetString());
        Assert.StartsWith("> ", first.GetProperty("markdown").GetString());
    }

    [Theory]
    [InlineData("/api/sites/not a domain!", 400)]
    [InlineData("/api/sites?limit=0", 400)]
    [InlineData("/api/sites?limit=abc", 400)]
    [InlineData("/api/sites?sort=size", 400)]
    [InlineData("/api/sites?cursor=garbage", 400)]
    [InlineData("/api/search", 400)]
    [InlineData("/api/search?q=x&cursor=%2F%2F", 400)]
    [InlineData("/api/sites/nowhere.example", 404)]
    [InlineData("/api/sites/alpha-shop.example/versions/9", 404)]
    [InlineData("/api/sites/alpha-shop.example/diff?from=1&to=9", 404)]
    [InlineData("/api/sites/alpha-shop.example/diff?from=1", 400)]
    [InlineData("/api/sites/delta-blog.example/diff", 404)]
    [InlineData("/api/nothing/here", 404)]
    [InlineData("/../../etc/passwd", 404)]
    [InlineData("/assets/..%2F..%2Fappsettings.json", 404)]
    public async Task Errors_AreProblemDetails(string path, int status)
    {
        using var response = await _http.GetAsync(path, Ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData("/api/sites?limit=abc", "GET", 400, "limit: 'abc' is not a whole number")]
    [InlineData("/api/sites/alpha-shop.example/diff?from=x&to=2", "GET", 400, "from: 'x' is not a whole number")]
    [InlineData("/api/sites", "DELETE", 404, "nothing at /api/sites")]
    public async Task ErrorsTheFrameworkAnswers_NameWhatWasWrong(string path, string method, int status, string detail)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await _http.SendAsync(request, Ct);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(detail, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Responses_AreCompressed_WhenAsked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/export.jsonl");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await _http.SendAsync(request, Ct);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryApiEndpoint()
    {
        var document = await JsonAsync("/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var endpoints = _app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("/api/", StringComparison.Ordinal))
            .Select(p => System.Text.RegularExpressions.Regex.Replace(p, ":int}", "}"))
            .ToHashSet();
        Assert.NotEmpty(endpoints);
        Assert.Equal(endpoints.Order(), paths.Order());
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            var get = path.Value.GetProperty("get");
            Assert.True(get.TryGetProperty("operationId", out _), path.Name);
            Assert.True(get.GetProperty("responses").TryGetProperty("200", out _), path.Name);
        }
    }
}
