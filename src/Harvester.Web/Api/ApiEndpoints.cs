using System.Text;
using System.Text.Json;
using Harvester.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Harvester.Web.Api;

/// <summary>The read-only JSON API under <c>/api</c>, described at <c>/openapi/v1.json</c>.</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("store");

        api.MapGet("/sites", (StoreQueries q, string? name, string? sort, string? cursor, int? limit) => Results.Ok(q.Sites(name, sort, cursor, limit)))
            .WithName("ListSites").WithSummary("Sites, paged (cursor), filtered by name, sorted by name, versions or last change.")
            .Produces<SitePage>().ProducesProblem(400);

        api.MapGet("/sites/{domain}", (StoreQueries q, string domain) => Results.Ok(q.SiteDetail(domain)))
            .WithName("GetSite").WithSummary("One site: every half-year with its outcome, version and capture times, and its versions.")
            .Produces<SiteJson>().ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/sites/{domain}/versions/{number:int}", (StoreQueries q, HttpContext http, string domain, int number) =>
            {
                var v = q.Version(domain, number);
                return Cached(http, v, () => Results.Ok(VersionJson.From(v)));
            })
            .WithName("GetVersion").WithSummary("A version with every provenance field.")
            .Produces<VersionJson>().Produces(304).ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/sites/{domain}/versions/{number:int}/markdown", (StoreQueries q, HttpContext http, string domain, int number) =>
            {
                var v = q.Version(domain, number);
                return Cached(http, v, () => Results.Text(v.Markdown, "text/markdown; charset=utf-8"));
            })
            .WithName("GetVersionMarkdown").WithSummary("A version's Markdown, as the dataset writes it.")
            .Produces<string>(200, "text/markdown").Produces(304).ProducesProblem(404);

        api.MapGet("/sites/{domain}/versions/{number:int}/html", (StoreQueries q, HttpContext http, string domain, int number) =>
            {
                var v = q.Version(domain, number);
                // A fragment of hostile origin, escaped: still, nothing in it may run or load if opened on its own.
                http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
                return Cached(http, v, () => Results.Text(PolicyRenderer.ToHtml(v.Markdown), "text/html; charset=utf-8"));
            })
            .WithName("GetVersionHtml").WithSummary("A version's Markdown rendered as an HTML fragment (raw HTML escaped, unsafe links not clickable).")
            .Produces<string>(200, "text/html").Produces(304).ProducesProblem(404);

        api.MapGet("/sites/{domain}/versions/{number:int}/snapshot", (StoreQueries q, HttpContext http, string domain, int number) =>
            {
                var v = q.Version(domain, number);
                var bytes = q.Store.Payloads.Get(v.PayloadSha256);
                // Served as a download, never as a page of ours: an archived page's scripts must not run on this origin.
                http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
                return Cached(http, v, () => Results.File(bytes, "application/octet-stream", $"{v.Site}-v{v.Number}-{v.PolicyTimestamp}.html"));
            })
            .WithName("GetVersionSnapshot").WithSummary("The raw archived snapshot the version was extracted from, as an attachment.")
            .Produces(200, contentType: "application/octet-stream").Produces(304).ProducesProblem(404);

        api.MapGet("/sites/{domain}/diff", (StoreQueries q, string domain, int? from, int? to) =>
            {
                var (a, b, hunks) = q.Diff(domain, from, to);
                return Results.Ok(new DiffJson(a.Site, VersionJson.From(a), VersionJson.From(b), hunks));
            })
            .WithName("DiffVersions").WithSummary("Line hunks with word-level changes between two versions (default: the last two).")
            .Produces<DiffJson>().ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/search", (StoreQueries queries, string? q, string? site, string? cursor, int? limit) =>
                Results.Ok(queries.Search(q, site, cursor, limit)))
            .WithName("Search").WithSummary("Versions whose policy text contains q (case-insensitive), paged, with highlighted snippets.")
            .Produces<SearchJson>().ProducesProblem(400);

        api.MapGet("/status", (StoreQueries q) => Results.Ok(q.Status()))
            .WithName("GetStatus").WithSummary("Sites, queue, half-year outcomes, failures by reason and live workers.")
            .Produces<StatusJson>();

        api.MapGet("/export.jsonl", (StoreQueries q, HttpContext http) => ExportAsync(q.Store, http))
            .WithName("ExportJsonLines").WithSummary("Every version with every provenance field and its Markdown, one JSON object a line, streamed.")
            .Produces(200, contentType: "application/jsonl");
    }

    private static async Task ExportAsync(IHarvesterStore store, HttpContext http)
    {
        http.Response.ContentType = "application/jsonl; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"policies.jsonl\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 64 * 1024);
        int written = 0;
        foreach (var v in store.Versions.All())
        {
            await writer.WriteAsync(JsonSerializer.Serialize(new ExportLine(VersionJson.From(v), v.Markdown), WebJson.Default.ExportLine));
            await writer.WriteAsync('\n');
            if (++written % 100 == 0) await writer.FlushAsync(http.RequestAborted);
        }
    }

    /// <summary>A version changes only when re-extracted: its ETag names its id, text and extractor.</summary>
    public static string ETagOf(VersionRecord v) =>
        $"\"v{v.Id}-{v.TextHash[..Math.Min(16, v.TextHash.Length)]}-{PayloadCodec.Sha256(Encoding.UTF8.GetBytes(v.ExtractorVersion))[..8]}\"";

    private static IResult Cached(HttpContext http, VersionRecord v, Func<IResult> result)
    {
        var etag = ETagOf(v);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, max-age=0, must-revalidate";
        if (http.Request.Headers.IfNoneMatch.Any(h => h is not null && h.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))) return Results.StatusCode(304);
        return result();
    }
}
