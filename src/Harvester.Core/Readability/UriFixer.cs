
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
                link.SetAttribute("href", ToAbsolute(href, baseUrl, baseIsDocument));
            }
        }
    }

    private static string ToAbsolute(string uri, Url? baseUrl, bool baseIsDocument)
    {
        if (baseIsDocument && uri[0] == '#') return uri;
        if (baseUrl is null) return uri;
        var resolved = new Url(baseUrl, uri);
        return resolved.IsInvalid ? uri : resolved.Href;
    }

    /// <summary>The document base URL: the first &lt;base href&gt; resolved against the document URL, else the document URL.</summary>
    private static Url? BaseUrl(IDocument doc, Url? documentUrl)
    {
        var baseElement = doc.DescendantElements().FirstOrDefault(e => e.IsHtml(TagNames.Base) && e.HasAttribute("href"));
        if (baseElement is null || documentUrl is null) return documentUrl;
        var resolved = new Url(documentUrl, baseElement.GetAttribute("href")!);
        return resolved.IsInvalid ? documentUrl : resolved;
    }
}
