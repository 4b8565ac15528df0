using AngleSharp.Dom;
using Harvester.Core.Dom;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>Readability's <c>_unwrapNoscriptImages</c>: placeholder images give way to the image inside a following &lt;noscript&gt;.</summary>
internal static class NoscriptImages
{
    public static void Unwrap(IDocument doc)
    {
        foreach (var img in doc.ElementsByTagName("img"))
        {
            if (!MayHoldImage(img)) img.Parent?.RemoveChild(img);
        }

        foreach (var noscript in doc.ElementsByTagName("noscript"))
        {
            var tmp = doc.CreateElement(TagNames.Div);
            tmp.InnerHtml = InnerHtmlSerializer.Serialize(noscript);
            if (!ReadabilityNodes.IsSingleImage(tmp)) continue;

            var prevElement = Siblings.PreviousElement(noscript);
            if (prevElement is null || !ReadabilityNodes.IsSingleImage(prevElement)) continue;

            var prevImg = prevElement.IsHtml(TagNames.Img) ? prevElement : prevElement.ElementsByTagName("img").FirstOrDefault();
            var newImg = tmp.ElementsByTagName("img").FirstOrDefault();
            if (prevImg is null || newImg is null) continue;
            foreach (var attr in prevImg.Attributes.ToArray())
            {
                if (attr.Value.Length == 0) continue;
                if (attr.Name is "src" or "srcset" || ImageExtension.IsMatch(attr.Value))
                {
                    if (newImg.GetAttribute(attr.Name) == attr.Value) continue;
                    var name = newImg.HasAttribute(attr.Name) ? "data-old-" + attr.Name : attr.Name;
                    try
                    {
                        newImg.SetAttribute(name, attr.Value);
                    }
                    catch (DomException)
                    {
                    }
                }
            }
            if (tmp.FirstElementChild is { } replacement) noscript.Parent?.ReplaceChild(replacement, prevElement);
        }
    }

    private static bool MayHoldImage(IElement img)
    {
        foreach (var attr in img.Attributes)
        {
            if (attr.Name is "src" or "srcset" or "data-src" or "data-srcset") return true;
            if (ImageExtension.IsMatch(attr.Value)) return true;
        }
        return false;
    }
}
