using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Harvester.Core.Dom;
using Harvester.Core.Text;

namespace Harvester.Core.Crawling;

/// <summary>
/// Finds the privacy-policy link on a home page the way the original crawl did: first a link whose whole text
/// (case-insensitive, trimmed) is one of the exact phrases, in their order of preference; otherwise the first link
/// whose text contains "privacy" and one of policy, policies, cookie, security, statement, terms, notice.
/// </summary>
public static class PolicyLinkFinder
{
    public static readonly IReadOnlyList<string> ExactTexts =
        ["privacy policy", "privacy statement", "privacy", "privacy notice", "cookie policy", "your privacy", "your privacy rights"];

    private static readonly string[] CompanionWords = ["policy", "policies", "cookie", "security", "statement", "terms", "notice"];

    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser(new HtmlParserOptions { IsScripting = false }));

    /// <param name="html">The home page, decoded.</param>
    /// <param name="pageUrl">The home page's original URL, for resolving relative links.</param>
    public static PolicyLink? Find(string html, string pageUrl)
    {
        using var document = Parser.Value!.ParseDocument(html);
        var links = new List<(string Text, string Href)>();
        foreach (var a in document.ElementsByTagName("a"))
        {
            var href = a.GetAttribute("href");
            if (string.IsNullOrWhiteSpace(href)) continue;
            href = href.Trim();
            if (href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) ||
                href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var text = JsText.TrimAndCollapse(a.GetTextContent()).ToLowerInvariant();
            if (text.Length > 0) links.Add((text, href));
        }

        foreach (var phrase in ExactTexts)
        {
            foreach (var (text, href) in links)
            {
                if (text == phrase && Resolve(pageUrl, href) is { } url) return new PolicyLink(url.WithoutFragment, text, ExactMatch: true, url.Fragment);
            }
        }
        foreach (var (text, href) in links)
        {
            if (text.Contains("privacy", StringComparison.Ordinal) && CompanionWords.Any(w => text.Contains(w, StringComparison.Ordinal)) &&
                Resolve(pageUrl, href) is { } url)
            {
                return new PolicyLink(url.WithoutFragment, text, ExactMatch: false, url.Fragment);
            }
        }
        return null;
    }

    private static (string WithoutFragment, string Fragment)? Resolve(string pageUrl, string href)
    {
        if (!Uri.TryCreate(pageUrl, UriKind.Absolute, out var page) || !Uri.TryCreate(page, href, out var url)) return null;
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps) return null;
        var withoutFragment = new UriBuilder(url) { Fragment = string.Empty }.Uri.AbsoluteUri;
        // A bare trailing '#' is part of the link as written, though Uri reports no fragment for it.
        var fragment = url.Fragment.Length > 0 ? url.Fragment : href.EndsWith('#') ? "#" : string.Empty;
        return (withoutFragment, fragment);
    }
}
