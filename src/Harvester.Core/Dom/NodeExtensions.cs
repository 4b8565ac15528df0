using System.Diagnostics;
using System.Runtime.CompilerServices;
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
    public static DescendantWalk<IElement> DescendantElements(this INode root) => new(root);

    /// <summary>All descendant nodes in document order (not the root itself), walked by index; the DOM must not change meanwhile.</summary>
    public static DescendantWalk<INode> DescendantNodes(this INode root) => new(root);

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

/// <summary>
/// A walk over a subtree's descendant elements (<typeparamref name="T"/> is <see cref="IElement"/>) or nodes
/// (<see cref="INode"/>) in document order, by index, that allocates
/// nothing in a <c>foreach</c> (Readability measures the text of large subtrees many times per page): a struct
/// enumerator whose stack of open child lists comes from a per-thread pool. Also an <see cref="IEnumerable{T}"/> for LINQ.
/// </summary>
internal struct DescendantWalk<T> : IEnumerable<T>, IEnumerator<T> where T : class, INode
{
    [ThreadStatic] private static Stack<Stack<(INodeList Children, int Next)>>? _pool;

    private readonly INode _root;
    // Elements only (T is IElement): decided once, then tested by node type, which costs far less than an interface
    // cast per node, above all in the published native program.
    private readonly bool _elementsOnly;
    private INodeList? _children;
    private int _count;
    private int _index;
    private Stack<(INodeList Children, int Next)>? _open;
    private T? _current;

    public DescendantWalk(INode root)
    {
        // Two kinds of walk only: elements (IElement) or every node (INode).
        Debug.Assert(typeof(T) == typeof(IElement) || typeof(T) == typeof(INode));
        _root = root;
        _elementsOnly = typeof(T) == typeof(IElement);
        _children = null;
        _count = 0;
        _index = 0;
        _open = null;
        _current = null;
    }

    public readonly T Current => _current!;
    readonly object System.Collections.IEnumerator.Current => Current;

    public readonly DescendantWalk<T> GetEnumerator() => new(_root);
    readonly IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();
    readonly System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext()
    {
        if (_children is null)
        {
            _children = _root.ChildNodes;
            _count = _children.Length;
        }
        while (true)
        {
            if (_index < _count)
            {
                var child = _children[_index++];
                // Every node of an AngleSharp document is a Node, whose NodeType is a field: reading it costs far less
                // than a type check (Element is not sealed, so "is Element" climbs the class chain of every node).
                bool isElement = Unsafe.As<Node>(child).NodeType == NodeType.Element;
                if (isElement && Unsafe.As<Node>(child).HasChildNodes)
                {
                    _open ??= Rent();
                    _open.Push((_children, _index));
                    _children = child.ChildNodes;
                    _count = _children.Length;
                    _index = 0;
                }
                if (isElement || !_elementsOnly)
                {
                    _current = Unsafe.As<T>(child);
                    return true;
                }
            }
            else if (_open is { Count: > 0 })
            {
                (_children, _index) = _open.Pop();
                _count = _children.Length;
            }
            else
            {
                _current = null;
                return false;
            }
        }
    }

    private static Stack<(INodeList Children, int Next)> Rent() => _pool is { Count: > 0 } pool ? pool.Pop() : new();

    public void Dispose()
    {
        if (_open is null) return;
        _open.Clear();
        (_pool ??= new()).Push(_open);
        _open = null;
    }

    public void Reset() => throw new NotSupportedException();
}
