using AngleSharp.Dom;
using Harvester.Core.Dom;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>Readability's <c>_fixLazyImages</c>: images whose address sits in a data attribute get a real one.</summary>
internal static class LazyImages
{
    public static void Fix(IDocument doc, IElement root)
    {
        foreach (var elem in root.ElementsByTagNames("img", "picture", "figure"))
        {
            // Only <img> reflects src/srcset as properties; other elements read as undefined.
            bool isImg = elem.IsHtml(TagNames.Img);
            var src = isImg ? elem.GetAttribute("src") ?? string.Empty : string.Empty;
            if (src.Length > 0 && B64DataUrl.Match(src) is { Success: true } parts)
            {
                if (parts.Groups[1].Value == "image/svg+xml") continue;
                bool srcCouldBeRemoved = elem.Attributes.Any(a => a.Name != "src" && ImageExtension.IsMatch(a.Value));
                if (srcCouldBeRemoved)
                {
                    int b64Starts = Base64Marker.Match(src) is { Success: true } m ? m.Index + 7 : 6;
                    if (src.Length - b64Starts < 133) elem.RemoveAttribute("src");
                }
            }

            var currentSrc = isImg ? elem.GetAttribute("src") ?? string.Empty : string.Empty;
            var srcset = isImg ? elem.GetAttribute("srcset") ?? string.Empty : string.Empty;
            bool isLazy = (elem.GetAttribute("class") ?? string.Empty).ToLowerInvariant().Contains("lazy", StringComparison.Ordinal);
            if ((currentSrc.Length > 0 || (srcset.Length > 0 && srcset != "null")) && !isLazy) continue;

            foreach (var attr in elem.Attributes.ToArray())
            {
                if (attr.Name is "src" or "srcset") continue;
                string? copyTo = SrcsetValue.IsMatch(attr.Value) ? "srcset" : SrcValue.IsMatch(attr.Value) ? "src" : null;
                if (copyTo is null) continue;
                if (elem.IsHtml(TagNames.Img) || elem.IsHtml("picture"))
                {
                    elem.SetAttribute(copyTo, attr.Value);
                }
                else if (elem.IsHtml(TagNames.Figure) && elem.ElementsByTagNames("img", "picture").Count == 0)
                {
                    var img = doc.CreateElement(TagNames.Img);
                    img.SetAttribute(copyTo, attr.Value);
                    elem.AppendChild(img);
                }
            }
        }
    }
}
