using AngleSharp.Dom;
using Harvester.Core.Dom;
using Harvester.Core.Text;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>Readability 0.3.0's per-node predicates and measures (stateless).</summary>
internal static class ReadabilityNodes
{
    /// <summary>JavaScript's <c>element.className</c>: the class attribute, or the text an SVG element's SVGAnimatedString prints as.</summary>
    public static string ClassName(IElement e) =>
        e.NamespaceUri == NamespaceNames.SvgUri ? "[object SVGAnimatedString]" : e.GetAttribute("class") ?? string.Empty;

    public static bool HasStringClassName(IElement e) => e.NamespaceUri != NamespaceNames.SvgUri;

    public static string Id(IElement e) => e.GetAttribute("id") ?? string.Empty;

    public static string MatchString(IElement e) => ClassName(e) + " " + Id(e);

    /// <summary><c>_getInnerText(e)</c>: trimmed text content with runs of white space collapsed.</summary>
    public static string InnerText(INode e, bool normalizeSpaces = true)
    {
        var text = e.GetTextContent();
        return normalizeSpaces ? JsText.TrimAndCollapse(text) : JsText.Trim(text);
    }

    public static int InnerTextLength(INode e) => TextMeasure.CollapsedLength(e);

    public static bool IsPhrasingContent(INode node)
    {
        if (node.NodeType == NodeType.Text) return true;
        if (node is not IElement e || e.NamespaceUri != NamespaceNames.HtmlUri) return false;
        if (PhrasingElements.Contains(e.LocalName)) return true;
        if (e.LocalName is not ("a" or "del" or "ins")) return false;
        // Every descendant must be phrasing content in turn; walk iteratively.
        var pending = new Stack<INode>();
        foreach (var child in e.ChildNodes) pending.Push(child);
        while (pending.Count > 0)
        {
            var n = pending.Pop();
            if (n.NodeType == NodeType.Text) continue;
            if (n is not IElement c || c.NamespaceUri != NamespaceNames.HtmlUri) return false;
            if (PhrasingElements.Contains(c.LocalName)) continue;
            if (c.LocalName is not ("a" or "del" or "ins")) return false;
            foreach (var child in c.ChildNodes) pending.Push(child);
        }
        return true;
    }

    public static bool IsWhitespace(INode node) =>
        (node.NodeType == NodeType.Text && JsText.TrimmedLength(node.TextContent) == 0) || node.IsHtml(TagNames.Br);

    /// <summary><c>_nextElement</c>: skips white-space-only non-element nodes.</summary>
    public static INode? NextElement(INode? node)
    {
        var next = node;
        while (next is not null && next.NodeType != NodeType.Element && JsText.IsBlank(next.TextContent ?? string.Empty))
        {
            next = Siblings.Next(next);
        }
        return next;
    }

    public static bool HasSingleTagInsideElement(IElement element, string localName)
    {
        if (element.ChildElementCount != 1 || !element.FirstElementChild.IsHtml(localName)) return false;
        foreach (var node in element.ChildNodes)
        {
            if (node.NodeType == NodeType.Text && node.TextContent.Length > 0 && !JsText.IsWhiteSpace(node.TextContent[^1]))
            {
                return false;
            }
        }
        return true;
    }

    public static bool IsElementWithoutContent(IElement node)
    {
        if (TextMeasure.HasNonWhitespaceText(node)) return false;
        int children = node.ChildElementCount;
        if (children == 0) return true;
        int breaks = 0;
        foreach (var d in node.DescendantElements())
        {
            if (d.LocalName is "br" or "hr") breaks++;
        }
        return children == breaks;
    }

    public static bool HasChildBlockElement(IElement element)
    {
        foreach (var d in element.DescendantElements())
        {
            if (d.NamespaceUri == NamespaceNames.HtmlUri && DivToPElements.Contains(d.LocalName)) return true;
        }
        return false;
    }

    /// <param name="element">The element.</param>
    /// <param name="linkLengths">Optional memo of anchors' text lengths, valid while the DOM does not change.</param>
    public static double LinkDensity(IElement element, Dictionary<IElement, int>? linkLengths = null)
    {
        int textLength = InnerTextLength(element);
        if (textLength == 0) return 0;
        int linkLength = 0;
        foreach (var d in element.DescendantElements())
        {
            if (d.LocalName != "a") continue;
            if (linkLengths is null)
            {
                linkLength += InnerTextLength(d);
            }
            else
            {
                if (!linkLengths.TryGetValue(d, out var length)) linkLengths[d] = length = InnerTextLength(d);
                linkLength += length;
            }
        }
        return linkLength / (double)textLength;
    }

    public static bool HasAncestorTag(INode node, string localName, int maxDepth = 3, Func<IElement, bool>? filter = null)
    {
        int depth = 0;
        while (node.Parent is { } parent)
        {
            if (maxDepth > 0 && depth > maxDepth) return false;
            if (parent.IsHtml(localName) && (filter is null || filter((IElement)parent))) return true;
            node = parent;
            depth++;
        }
        return false;
    }

    /// <summary><c>_getNodeAncestors</c>: parents up to <paramref name="maxDepth"/> (0 = all), the document included.</summary>
    public static List<INode> Ancestors(INode node, int maxDepth = 0)
    {
        var ancestors = new List<INode>();
        int i = 0;
        while (node.Parent is { } parent)
        {
            ancestors.Add(parent);
            if (maxDepth > 0 && ++i == maxDepth) break;
            node = parent;
        }
        return ancestors;
    }

    /// <summary><c>_getNextNode</c>: depth-first traversal over elements.</summary>
    public static IElement? NextNode(IElement node, bool ignoreSelfAndKids = false)
    {
        if (!ignoreSelfAndKids && node.FirstElementChild is { } child) return child;
        if (Siblings.NextElement(node) is { } sibling) return sibling;
        // Up through the ancestors to the first one with a next element sibling.
        for (var cursor = node.Parent; cursor is IElement ancestor; cursor = ancestor.Parent)
        {
            if (Siblings.NextElement(ancestor) is { } next) return next;
        }
        return null;
    }

    public static bool IsProbablyVisible(IElement node)
    {
        bool hasStyle = node.NamespaceUri == NamespaceNames.HtmlUri || node.NamespaceUri == NamespaceNames.SvgUri;
        if (hasStyle && InlineStyle.IsDisplayNone(node.GetAttribute("style"))) return false;
        if (node.HasAttribute("hidden")) return false;
        if (node.HasAttribute("aria-hidden") && node.GetAttribute("aria-hidden") == "true")
        {
            return HasStringClassName(node) && ClassName(node).Contains("fallback-image", StringComparison.Ordinal);
        }
        return true;
    }

    public static bool IsSingleImage(IElement node)
    {
        var current = node;
        while (true)
        {
            if (current.IsHtml(TagNames.Img)) return true;
            if (current.ChildElementCount != 1 || TextMeasure.HasNonWhitespaceText(current)) return false;
            current = current.FirstElementChild!;
        }
    }
}
