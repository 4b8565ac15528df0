using System.Text;
using AngleSharp.Dom;

namespace Harvester.Core.Dom;

/// <summary>
/// DOM queries with the semantics browsers give them, written as iterative walks so that deeply nested
/// documents cannot overflow the stack.
/// </summary>
internal static class NodeExtensions
{
    /// <summary>True when the node is an HTML element with this local name (JavaScript's <c>tagName === "DIV"</c>).</summary>
    public static bool IsHtml(this INode? node, string localName) =>
        node is IElement e && e.LocalName == localName && e.NamespaceUri == NamespaceNames.HtmlUri;

    /// <summary>All descendant elements in document order (not the root itself). The DOM must not change while it is walked.</summary>
    /// <remarks>
    /// Walks child lists by index. AngleSharp's <c>NextSibling</c> and <c>NextElementSibling</c> look the node up in its
    /// parent's child list, so a walk from sibling to sibling costs the square of a wide node's children: 8,000
    /// paragraphs in one <c>div</c> took seconds.
    /// </remarks>
    public static IEnumerable<IElement> DescendantElements(this INode root)
    {
        foreach (var node in DescendantNodes(root))
        {
            if (node is IElement element) yield return element;
        }
    }

    /// <summary>All descendant nodes in document order (not the root itself), walked by index; the DOM must not change meanwhile.</summary>
    public static IEnumerable<INode> DescendantNodes(this INode root)
    {
        if (!root.HasChildNodes) yield break;
        var stack = new Stack<(INodeList Children, int Next)>();
        var children = root.ChildNodes;
        int index = 0;
        while (true)
        {
            if (index < children.Length)
            {
                var child = children[index++];
                yield return child;
                if (child.NodeType == NodeType.Element && child.HasChildNodes)
                {
                    stack.Push((children, index));
                    children = child.ChildNodes;
                    index = 0;
                }
            }
            else if (stack.Count > 0)
            {
                (children, index) = stack.Pop();
            }
            else
            {
                yield break;
            }
        }
    }

    /// <summary>A snapshot of <c>getElementsByTagName(name)</c> under <paramref name="root"/>.</summary>
    public static List<IElement> ElementsByTagName(this INode root, string localName)
    {
        var result = new List<IElement>();
        foreach (var e in root.DescendantElements())
        {
            if (e.LocalName == localName) result.Add(e);
        }
        return result;
    }

    /// <summary>A snapshot of <c>querySelectorAll("a,b,c")</c> (document order) under <paramref name="root"/>.</summary>
    public static List<IElement> ElementsByTagNames(this INode root, params string[] localNames)
    {
        var result = new List<IElement>();
        foreach (var e in root.DescendantElements())
        {
            if (Array.IndexOf(localNames, e.LocalName) >= 0) result.Add(e);
        }
        return result;
    }

    public static bool HasDescendant(this INode root, string localName)
    {
        foreach (var e in root.DescendantElements())
        {
            if (e.LocalName == localName) return true;
        }
        return false;
    }

    /// <summary>The DOM's <c>textContent</c>: every descendant text node, concatenated, built without recursion.</summary>
    public static string GetTextContent(this INode root)
    {
        if (root is IText t) return t.Data;
        if (root is ICharacterData c) return c.Data;
        StringBuilder? sb = null;
        string? single = null;
        foreach (var node in DescendantNodes(root))
        {
            if (node is IText text)
            {
                if (single is null && sb is null) single = text.Data;
                else
                {
                    sb ??= new StringBuilder(single);
                    sb.Append(text.Data);
                }
            }
        }
        return sb?.ToString() ?? single ?? string.Empty;
    }

    /// <summary>The depth of the deepest element below <paramref name="root"/>, counted iteratively.</summary>
    public static int MaxElementDepth(this INode root)
    {
        int max = 0;
        foreach (var element in root.DescendantElements())
        {
            if (element.FirstElementChild is not null) continue;
            int depth = 0;
            for (INode? n = element; n is not null && n != root; n = n.Parent) depth++;
            if (depth > max) max = depth;
        }
        return max;
    }
}
