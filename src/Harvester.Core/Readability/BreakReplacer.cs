using AngleSharp.Dom;
using Harvester.Core.Dom;
using static Harvester.Core.Readability.ReadabilityNodes;

namespace Harvester.Core.Readability;

/// <summary>Readability's <c>_replaceBrs</c>: two or more successive &lt;br&gt; become one paragraph.</summary>
internal static class BreakReplacer
{
    public static void ReplaceBrs(IDocument doc, IElement root, ReadabilityState state)
    {
        foreach (var br in root.ElementsByTagName("br"))
        {
            var next = Siblings.Next(br);
            bool replaced = false;
            while ((next = NextElement(next)) is not null && next.IsHtml(TagNames.Br))
            {
                replaced = true;
                var brSibling = Siblings.Next(next);
                next.Parent!.RemoveChild(next);
                next = brSibling;
            }
            if (!replaced) continue;

            var p = doc.CreateElement(TagNames.P);
            br.Parent!.ReplaceChild(p, br);
            next = Siblings.Next(p);
            while (next is not null)
            {
                if (next.IsHtml(TagNames.Br) && NextElement(Siblings.Next(next)).IsHtml(TagNames.Br)) break;
                if (!IsPhrasingContent(next)) break;
                var sibling = Siblings.Next(next);
                p.AppendChild(next);
                next = sibling;
            }
            while (p.LastChild is { } last && IsWhitespace(last)) p.RemoveChild(last);
            if (p.Parent.IsHtml(TagNames.P) && p.Parent is IElement parent) state.SetNodeTag(parent, TagNames.Div);
        }
    }
}
