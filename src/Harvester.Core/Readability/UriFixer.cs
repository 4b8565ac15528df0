using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Harvester.Core.Dom;

namespace Harvester.Core.Readability;

/// <summary>
/// Readability's <c>_fixRelativeUris</c>: every link's href and every media address (<c>src</c>, <c>poster</c>, each
/// URL of a <c>srcset</c>) becomes absolute, resolved by the WHATWG URL rules against the document's base URL;
/// <c>javascript:</c> links become their text. The Markdown ignores images, but html2text reads the serialized
/// article, where a quote left open in raw text reaches into the attributes that follow.
/// </summary>
internal static partial class UriFixer
{
    private static readonly string[] MediaTags = ["img", "picture", "figure", "video", "audio", "source"];

    /// <summary><c>REGEXPS.srcsetUrl</c>, <c>/(\S+)(\s+[\d.]+[xw])?(\s*(?:,|$))/g</c> with JavaScript's white space.</summary>
    [GeneratedRegex(@"([^" + JsWhiteSpace + @"]+)([" + JsWhiteSpace + @"]+[0-9.]+[xw])?([" + JsWhiteSpace + @"]*(?:,|(?![\s\S])))")]
    private static partial Regex SrcsetUrl();

    private const string JsWhiteSpace = @"\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    public static void FixRelativeUris(IDocument doc, IElement articleContent, Url? documentUrl)
    {
        var baseUrl = BaseUrl(doc, documentUrl);
        bool baseIsDocument = documentUrl is not null && baseUrl is not null && baseUrl.Href == documentUrl.Href;
        // Pages repeat their links (navigation, "top", the same partner many times); each href is resolved once.
        var absolute = new Dictionary<string, string>(StringComparer.Ordinal);
        string Absolute(string uri)
        {
            if (!absolute.TryGetValue(uri, out var resolved))
            {
                resolved = ToAbsolute(uri, baseUrl, baseIsDocument);
                absolute.Add(uri, resolved);
            }
            return resolved;
        }

        foreach (var link in articleContent.ElementsByTagName("a"))
        {
            // getAttribute("href") in jsdom does not see SVG's xlink:href, which AngleSharp names plain "href".
            var href = link.GetAttribute(null, "href");
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
                link.SetAttribute(null, "href", Absolute(href));
            }
        }

        foreach (var media in articleContent.DescendantElements())
        {
            if (Array.IndexOf(MediaTags, media.LocalName) < 0) continue;
            if (media.GetAttribute(null, "src") is { Length: > 0 } src) media.SetAttribute(null, "src", Absolute(src));
            if (media.GetAttribute(null, "poster") is { Length: > 0 } poster) media.SetAttribute(null, "poster", Absolute(poster));
            if (media.GetAttribute(null, "srcset") is { Length: > 0 } srcset)
            {
                media.SetAttribute(null, "srcset", SrcsetUrl().Replace(srcset, m => Absolute(m.Groups[1].Value) + m.Groups[2].Value + m.Groups[3].Value));
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
