using System.Text;
using System.Text.Encodings.Web;

namespace Harvester.Web.Pages;

/// <summary>
/// Writing pages: every value from the store goes through <see cref="E"/> (HTML-encoded for text and attribute values
/// alike), so nothing stored is ever written as markup. The layout links one stylesheet of ours and no script.
/// </summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string E(string? text) => Encoder.Encode(text ?? string.Empty);

    public static string E(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Url(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}").ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    public static string Layout(string title, string body, int? refreshSeconds = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if (refreshSeconds is { } s) html.Append($"<meta http-equiv=\"refresh\" content=\"{s}\">");
        html.Append($"<title>{E(title)} · Harvester</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body>");
        html.Append("<header><a class=\"brand\" href=\"/\">Harvester</a><nav><a href=\"/\">Sites</a><a href=\"/search\">Search</a><a href=\"/status\">Crawl</a></nav>");
        html.Append("<form class=\"quick\" action=\"/search\" method=\"get\"><input type=\"search\" name=\"q\" placeholder=\"Search policies\" aria-label=\"Search policies\"></form></header>");
        html.Append("<main>").Append(body).Append("</main><footer>Harvester · privacy policy histories from the Wayback Machine</footer></body></html>");
        return html.ToString();
    }

    /// <summary>A snippet with its matches marked.</summary>
    public static string Marked(Snippet snippet)
    {
        var html = new StringBuilder();
        int at = 0;
        foreach (var m in snippet.Matches)
        {
            if (m.Start < at) continue;
            html.Append(E(snippet.Text[at..m.Start])).Append("<mark>").Append(E(snippet.Text.Substring(m.Start, m.Length))).Append("</mark>");
            at = m.Start + m.Length;
        }
        return html.Append(E(snippet.Text[at..])).ToString();
    }
}
