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

    /// <summary>All descendant elements in document order (not the root itself).</summary>
    public static IEnumerable<IElement> DescendantElements(this INode root)
    {
        var node = FirstElementChildOf(root);
        while (node is not null)
        {
            yield return node;
            node = NextInPreOrder(node, root);
        }
    }

    /// <summary>The next element after <paramref name="node"/> in document order, staying inside <paramref name="root"/>.</summary>
    private static IElement? NextInPreOrder(IElement node, INode root)
    {
        var next = node.FirstElementChild;
        IElement? cursor = node;
        while (next is null && cursor is not null)
        {
            next = cursor.NextElementSibling;
            if (next is null)
            {
                var parent = cursor.ParentElement;
                cursor = parent is null || parent == root ? null : parent;
            }
        }
        return next;
    }

    private static IElement? FirstElementChildOf(INode node) => node switch
    {
        IElement e => e.FirstElementChild,
        IDocument d => d.DocumentElement,
        _ => null,
    };

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
        var node = root.FirstChild;
        while (node is not null)
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
            INode? next = node.NodeType == NodeType.Element ? node.FirstChild : null;
            if (next is null)
            {
                var cursor = node;
                while (cursor != root && (next = cursor.NextSibling) is null)
                {
                    cursor = cursor.Parent!;
                }
                if (cursor == root) next = null;
            }
            node = next;
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
