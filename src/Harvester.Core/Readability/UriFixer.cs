
using AngleSharp.Dom;
using Harvester.Core.Dom;

namespace Harvester.Core.Readability;

/// <summary>
/// Readability's <c>_fixRelativeUris</c> for links: every href becomes absolute (resolved by the WHATWG URL rules
/// against the document's base URL), <c>javascript:</c> links become their text. Media addresses are left alone:
/// the Markdown ignores images.
/// </summary>
internal static class UriFixer
{
    public static void FixRelativeUris(IDocument doc, IElement articleContent, Url? documentUrl)
    {
        var baseUrl = BaseUrl(doc, documentUrl);
        bool baseIsDocument = documentUrl is not null && baseUrl is not null && baseUrl.Href == documentUrl.Href;
        // Pages repeat their links (navigation, "top", the same partner many times); each href is resolved once.
        var absolute = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in articleContent.ElementsByTagName("a"))
        {
            var href = link.GetAttribute("href");
            if (string.IsNullOrEmpty(href)) continue;
            if (href.StartsWith("javascript:", StringComparison.Ordinal))
            {
                if (link.ChildNodes.Length == 1 && link.FirstChild is IText)
                {
                    link.Parent?.ReplaceChild(doc.CreateTextNode(link.TextContent), link);
                }
                else
                {
                    var container = doc.CreateElement(TagNames.Span);
                    while (link.FirstChild is { } child) container.AppendChild(child);
                    link.Parent?.ReplaceChild(container, link);
                }
            }
            else
            {
                if (!absolute.TryGetValue(href, out var resolved))
                {
                    resolved = ToAbsolute(href, baseUrl, baseIsDocument);
                    absolute.Add(href, resolved);
                }
                link.SetAttribute("href", resolved);
            }
        }
    }

    private static string ToAbsolute(string uri, Url? baseUrl, bool baseIsDocument)
    {
        if (baseIsDocument && uri[0] == '#') return uri;
        return baseUrl is null ? uri : Resolve(uri, baseUrl);
    }

    /// <summary><c>new URL(uri, base).href</c>, or <paramref name="uri"/> itself where that throws (Readability's <c>toAbsoluteURI</c>).</summary>
    internal static string Resolve(string uri, Url baseUrl) => WhatwgUrlResolver.Resolve(uri, baseUrl) ?? uri;

    /// <summary>The document base URL: the first &lt;base href&gt; resolved against the document URL, else the document URL.</summary>
    private static Url? BaseUrl(IDocument doc, Url? documentUrl)
    {
        var baseElement = doc.DescendantElements().FirstOrDefault(e => e.IsHtml(TagNames.Base) && e.HasAttribute("href"));
        if (baseElement is null || documentUrl is null) return documentUrl;
        return WhatwgUrlResolver.Resolve(baseElement.GetAttribute("href")!, documentUrl) is { } resolved ? new Url(resolved) : documentUrl;
    }
}
