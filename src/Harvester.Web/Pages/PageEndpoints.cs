using System.Text;
using Harvester.Storage;
using Harvester.Web.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Harvester.Web.Pages.Html;

namespace Harvester.Web.Pages;

/// <summary>The web app's pages, rendered on the server: sites, a site, a version, a diff, search, the crawl.</summary>
public static class PageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (StoreQueries q, string? name, string? sort, string? cursor) => Page("Sites", Home(q, name, sort, cursor))).ExcludeFromDescription();
        app.MapGet("/sites/{domain}", (StoreQueries q, string domain) => Page(domain, Site(q, domain))).ExcludeFromDescription();
        app.MapGet("/sites/{domain}/v/{number:int}", (StoreQueries q, string domain, int number) => Page($"{domain} v{number}", Version(q, domain, number))).ExcludeFromDescription();
        app.MapGet("/sites/{domain}/diff", (StoreQueries q, string domain, int? from, int? to, string? view) => Page($"{domain} diff", Diff(q, domain, from, to, view))).ExcludeFromDescription();
        app.MapGet("/search", (StoreQueries queries, string? q, string? site, string? cursor) =>
            Page("Search", Search(queries, q, site, cursor))).ExcludeFromDescription();
        app.MapGet("/status", (StoreQueries q) => Page("Crawl", Status(q), refreshSeconds: 10)).ExcludeFromDescription();
    }

    private static IResult Page(string title, string body, int? refreshSeconds = null) =>
        Results.Content(Layout(title, body, refreshSeconds), "text/html; charset=utf-8");

    private static string Home(StoreQueries q, string? name, string? sort, string? cursor)
    {
        var figures = q.Summary.Current();
        var page = q.Sites(name, sort, cursor, 50);
        var html = new StringBuilder("<h1>Privacy policy histories</h1>");
        html.Append("<section class=\"charts\">");
        html.Append(Charts.Bars("Policies found per half-year", figures.PoliciesPerHalfYear.Select(p => (p.HalfYear, p.Policies)).ToList(), "policies"));
        html.Append(Charts.Line("Median policy length per year (characters)", figures.MedianLengthPerYear.Select(p => (p.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), p.MedianLength)).ToList(), "characters"));
        html.Append("</section>");
        html.Append("<form class=\"filter\" action=\"/\" method=\"get\"><label>Site <input type=\"search\" name=\"name\" value=\"").Append(E(name)).Append("\"></label>");
        html.Append("<label>Sort <select name=\"sort\">");
        foreach (var (value, label) in new[] { ("name", "name"), ("versions", "most versions"), ("changed", "last change") })
        {
            html.Append($"<option value=\"{value}\"{((sort ?? "name") == value ? " selected" : string.Empty)}>{label}</option>");
        }
        html.Append("</select></label><button>Show</button></form>");
        html.Append($"<p class=\"count\">{E(page.Total)} sites</p><table class=\"sites\"><thead><tr><th>Site</th><th>Versions</th><th>Half-years with a policy</th><th>Last change</th><th>State</th></tr></thead><tbody>");
        foreach (var s in page.Sites)
        {
            html.Append($"<tr><td><a href=\"/sites/{E(s.Domain)}\">{E(s.Domain)}</a></td><td>{E(s.Versions)}</td><td>{E(s.HalfYearsWithPolicy)}</td><td>{E(s.LastChange ?? "–")}</td><td>{E(s.State)}</td></tr>");
        }
        html.Append("</tbody></table>");
        if (page.Next is { } next) html.Append($"<a class=\"next\" href=\"{E(Url("/", ("name", name), ("sort", sort), ("cursor", next)))}\">Next page</a>");
        return html.ToString();
    }

    private static string Site(StoreQueries q, string domain)
    {
        var site = q.SiteDetail(domain);
        var html = new StringBuilder($"<h1>{E(site.Domain)}</h1><p class=\"meta\">{E(site.FromYear)}–{E(site.ToYear)} · {E(site.State)} · {E(site.Versions.Count)} versions</p>");
        html.Append(Charts.Timeline(site.Domain, site.HalfYears.Select(h => (h.HalfYear, h.Outcome, h.Version)).ToList()));
        var lengths = site.HalfYears.Where(h => h.Version is not null)
            .Select(h => (h.HalfYear, site.Versions.First(v => v.Number == h.Version).Length)).ToList();
        html.Append(Charts.Line("Policy length per half-year (characters)", lengths, "characters"));
        html.Append("<h2>Versions</h2><table class=\"versions\"><thead><tr><th>Version</th><th>Seen</th><th>Captured</th><th>Length</th><th></th></tr></thead><tbody>");
        foreach (var v in site.Versions)
        {
            html.Append($"<tr><td><a href=\"/sites/{E(site.Domain)}/v/{v.Number}\">v{v.Number}</a>{(v.NearDuplicateOf is { } d ? $" <span class=\"note\">near v{d}</span>" : string.Empty)}</td>");
            html.Append($"<td>{E(v.FirstInterval)}–{E(v.LastInterval)}</td><td>{E(v.PolicyTimestamp)}</td><td>{E(v.Length)}</td>");
            html.Append(v.Number > 1 ? $"<td><a href=\"/sites/{E(site.Domain)}/diff?from={v.Number - 1}&amp;to={v.Number}\">diff with v{v.Number - 1}</a></td></tr>" : "<td></td></tr>");
        }
        html.Append("</tbody></table><h2>Half-years</h2><table class=\"halfyears\"><thead><tr><th>Half-year</th><th>Outcome</th><th>Version</th><th>Detail</th></tr></thead><tbody>");
        foreach (var h in site.HalfYears)
        {
            html.Append($"<tr class=\"outcome-{E(h.Outcome)}\"><td>{E(h.HalfYear)}</td><td>{E(h.Outcome)}</td><td>{(h.Version is { } n ? $"<a href=\"/sites/{E(site.Domain)}/v/{n}\">v{n}</a>" : string.Empty)}</td><td>{E(h.Detail)}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    private static string Version(StoreQueries q, string domain, int number)
    {
        var v = q.Version(domain, number);
        var html = new StringBuilder($"<h1><a href=\"/sites/{E(v.Site)}\">{E(v.Site)}</a> v{E(v.Number)}</h1>");
        html.Append("<dl class=\"provenance\">");
        foreach (var (name, value) in new[]
                 {
                     ("Title", v.Title), ("Policy URL", v.PolicyUrl), ("Captured", v.PolicyTimestamp), ("Home page captured", v.HomeTimestamp),
                     ("Seen", $"{v.FirstInterval}–{v.LastInterval} ({v.Intervals.Count} half-years)"), ("Extractor", v.ExtractorVersion),
                     ("Snapshot SHA-256", v.PayloadSha256), ("Charset", v.Charset ?? "–"),
                 })
        {
            html.Append($"<dt>{E(name)}</dt><dd>{E(value)}</dd>");
        }
        html.Append("</dl><p class=\"links\">");
        if (PolicyRenderer.IsSafe(v.SnapshotUrl)) html.Append($"<a href=\"{E(v.SnapshotUrl)}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">Wayback snapshot</a> · ");
        html.Append($"<a href=\"/api/sites/{E(v.Site)}/versions/{v.Number}/markdown\">Markdown</a> · <a href=\"/api/sites/{E(v.Site)}/versions/{v.Number}/snapshot\">archived page (download)</a>");
        if (v.Number > 1) html.Append($" · <a href=\"/sites/{E(v.Site)}/diff?from={v.Number - 1}&amp;to={v.Number}\">diff with v{v.Number - 1}</a>");
        html.Append("</p><article class=\"policy\">").Append(PolicyRenderer.ToHtml(v.Markdown)).Append("</article>");
        return html.ToString();
    }

    private static string Diff(StoreQueries q, string domain, int? from, int? to, string? view)
    {
        var (a, b, hunks) = q.Diff(domain, from, to);
        bool sideBySide = view == "side";
        var html = new StringBuilder($"<h1><a href=\"/sites/{E(a.Site)}\">{E(a.Site)}</a>: v{E(a.Number)} → v{E(b.Number)}</h1>");
        html.Append($"<p class=\"meta\">v{a.Number} captured {E(a.PolicyTimestamp)} · v{b.Number} captured {E(b.PolicyTimestamp)} · ");
        html.Append(sideBySide
            ? $"<a href=\"/sites/{E(a.Site)}/diff?from={a.Number}&amp;to={b.Number}\">inline</a> · <strong>side by side</strong></p>"
            : $"<strong>inline</strong> · <a href=\"/sites/{E(a.Site)}/diff?from={a.Number}&amp;to={b.Number}&amp;view=side\">side by side</a></p>");
        if (hunks.Count == 0) return html.Append("<p class=\"empty\">The policy texts are identical.</p>").ToString();
        foreach (var hunk in hunks)
        {
            html.Append($"<table class=\"diff {(sideBySide ? "side" : "inline")}\"><tbody>");
            foreach (var line in hunk.Lines)
            {
                if (sideBySide)
                {
                    bool same = line.Kind == "unchanged";
                    html.Append($"<tr class=\"{line.Kind}\"><td class=\"n\">{line.OldNumber}</td><td class=\"old\">{(same ? E(line.OldText) : Side(line.OldText, line.OldWords, "deleted"))}</td>");
                    html.Append($"<td class=\"n\">{line.NewNumber}</td><td class=\"new\">{(same ? E(line.NewText) : Side(line.NewText, line.NewWords, "inserted"))}</td></tr>");
                    continue;
                }
                switch (line.Kind)
                {
                    case "unchanged":
                        html.Append($"<tr class=\"unchanged\"><td class=\"op\"> </td><td>{E(line.NewText)}</td></tr>");
                        break;
                    case "modified":
                        html.Append($"<tr class=\"deleted\"><td class=\"op\">−</td><td>{Side(line.OldText, line.OldWords, "deleted")}</td></tr>");
                        html.Append($"<tr class=\"inserted\"><td class=\"op\">+</td><td>{Side(line.NewText, line.NewWords, "inserted")}</td></tr>");
                        break;
                    case "deleted":
                        html.Append($"<tr class=\"deleted\"><td class=\"op\">−</td><td><del>{E(line.OldText)}</del></td></tr>");
                        break;
                    default:
                        html.Append($"<tr class=\"inserted\"><td class=\"op\">+</td><td><ins>{E(line.NewText)}</ins></td></tr>");
                        break;
                }
            }
            html.Append("</tbody></table>");
        }
        return html.ToString();
    }

    /// <summary>One side of a line: its changed words marked (<c>del</c> on the old side, <c>ins</c> on the new).</summary>
    private static string Side(string? text, IReadOnlyList<DiffWord>? words, string changed)
    {
        if (text is null) return string.Empty;
        if (words is null) return changed == "deleted" ? $"<del>{E(text)}</del>" : $"<ins>{E(text)}</ins>";
        var tag = changed == "deleted" ? "del" : "ins";
        return string.Concat(words.Select(w => w.Kind == "unchanged" ? E(w.Text) : $"<{tag}>{E(w.Text)}</{tag}>"));
    }

    private static string Search(StoreQueries q, string? phrase, string? site, string? cursor)
    {
        var html = new StringBuilder("<h1>Search policies</h1><form class=\"search\" action=\"/search\" method=\"get\">");
        html.Append($"<input type=\"search\" name=\"q\" value=\"{E(phrase)}\" placeholder=\"a phrase, e.g. sell your data\" aria-label=\"phrase\">");
        html.Append($"<input type=\"text\" name=\"site\" value=\"{E(site)}\" placeholder=\"site (optional)\" aria-label=\"site\"><button>Search</button></form>");
        if (string.IsNullOrWhiteSpace(phrase)) return html.ToString();
        var result = q.Search(phrase, string.IsNullOrWhiteSpace(site) ? null : site, cursor, 50);
        html.Append($"<p class=\"count\">{E(result.Hits.Count)} versions{(result.Next is null ? string.Empty : " on this page")} contain “{E(phrase)}”</p><ol class=\"hits\">");
        foreach (var hit in result.Hits)
        {
            html.Append($"<li><a href=\"/sites/{E(hit.Site)}/v/{hit.Number}\">{E(hit.Site)} v{hit.Number}</a> <span class=\"meta\">{E(hit.FirstInterval)}–{E(hit.LastInterval)}</span>");
            html.Append($"<p class=\"snippet\">{Marked(hit.Snippet)}</p></li>");
        }
        html.Append("</ol>");
        if (result.Next is { } next) html.Append($"<a class=\"next\" href=\"{E(Url("/search", ("q", phrase), ("site", site), ("cursor", next)))}\">Next page</a>");
        return html.ToString();
    }

    private static string Status(StoreQueries q)
    {
        var s = q.Status();
        string Counts(IReadOnlyDictionary<string, int> counts) => counts.Count == 0 ? "none"
            : string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{E(c.Value)} {E(c.Key)}"));
        var html = new StringBuilder("<h1>Crawl</h1><p class=\"meta\">Refreshes every 10 s.</p><dl class=\"status\">");
        html.Append($"<dt>Store</dt><dd>{E(s.Store)}</dd><dt>Sites</dt><dd>{Counts(s.Sites)}</dd><dt>Jobs</dt><dd>{Counts(s.Jobs)}</dd>");
        html.Append($"<dt>Done in the last hour</dt><dd>{E(s.SitesDoneLastHour)} sites</dd><dt>Versions</dt><dd>{E(s.Versions)}</dd>");
        html.Append($"<dt>Half-years</dt><dd>{Counts(s.HalfYears)}</dd><dt>Failures by reason</dt><dd>{Counts(s.FailuresByReason)}</dd></dl>");
        if (s.Workers.Count > 0)
        {
            html.Append("<h2>Workers</h2><table><thead><tr><th>Host</th><th>Pid</th><th>Rate group</th><th>State</th><th>In flight</th><th>Heartbeat</th></tr></thead><tbody>");
            foreach (var w in s.Workers)
            {
                html.Append($"<tr><td>{E(w.Host)}</td><td>{E(w.ProcessId)}</td><td>{E(w.RateGroup)}</td><td>{E(w.State)}</td><td>{E(w.InFlight)}</td><td>{E(w.HeartbeatAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture))}</td></tr>");
            }
            html.Append("</tbody></table>");
        }
        return html.ToString();
    }
}
