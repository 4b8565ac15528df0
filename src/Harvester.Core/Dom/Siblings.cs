using AngleSharp.Dom;

namespace Harvester.Core.Dom;

/// <summary>
/// A node's next and previous siblings in amortised constant time. AngleSharp's <c>NextSibling</c>,
/// <c>NextElementSibling</c> and their previous counterparts search the parent's child list for the node each time,
/// so a walk from sibling to sibling over a wide node costs the square of its children (16,000 paragraphs in one
/// <c>div</c>: seconds). This remembers, per thread, where the last nodes looked up sit in their parents (a few
/// parents at once: a walk goes down into a child and comes back up) and checks those places first; the check is by
/// identity, so a DOM changed in between only costs one search, never a wrong answer.
/// </summary>
internal static class Siblings
{
    private const int Remembered = 16;
    [ThreadStatic] private static INode?[]? _parents;
    [ThreadStatic] private static int[]? _indexes;
    [ThreadStatic] private static long[]? _used;
    [ThreadStatic] private static long _clock;
    [ThreadStatic] private static int _current;

    public static INode? Next(INode node)
    {
        var (children, i) = Locate(node);
        return children is not null && i + 1 < children.Length ? Remember(children, i + 1) : null;
    }

    public static INode? Previous(INode node)
    {
        var (children, i) = Locate(node);
        return children is not null && i > 0 ? Remember(children, i - 1) : null;
    }

    public static IElement? NextElement(INode node)
    {
        var (children, i) = Locate(node);
        if (children is null) return null;
        for (int j = i + 1; j < children.Length; j++)
        {
            if (children[j] is IElement e) return (IElement)Remember(children, j);
        }
        return null;
    }

    public static IElement? PreviousElement(INode node)
    {
        var (children, i) = Locate(node);
        if (children is null) return null;
        for (int j = i - 1; j >= 0; j--)
        {
            if (children[j] is IElement) return (IElement)Remember(children, j);
        }
        return null;
    }

    /// <summary>Remembers the sibling returned, in the slot of the parent just located.</summary>
    private static INode Remember(INodeList children, int index)
    {
        _indexes![_current] = index;
        return children[index];
    }

    private static (INodeList? Children, int Index) Locate(INode node)
    {
        var parent = node.Parent;
        if (parent is null) return (null, -1);
        var children = parent.ChildNodes;
        var parents = _parents ??= new INode?[Remembered];
        var indexes = _indexes ??= new int[Remembered];
        var used = _used ??= new long[Remembered];
        for (int slot = 0; slot < Remembered; slot++)
        {
            if (!ReferenceEquals(parents[slot], parent)) continue;
            used[slot] = ++_clock;
            // Walks step by one (or over a text node to the next element), and a removal shifts the rest by one: look
            // there first.
            int hint = indexes[slot];
            for (int i = hint - 2; i <= hint + 2; i++)
            {
                if (i >= 0 && i < children.Length && ReferenceEquals(children[i], node))
                {
                    _current = slot;
                    return (children, indexes[slot] = i);
                }
            }
            return (children, Search(children, node, slot));
        }
        // A new parent takes the place of the one used longest ago: a walk over a wide node's children visits each
        // child's own children in between, and the wide node must stay remembered.
        int oldest = 0;
        for (int slot = 1; slot < Remembered; slot++)
        {
            if (used[slot] < used[oldest]) oldest = slot;
        }
        parents[oldest] = parent;
        used[oldest] = ++_clock;
        return (children, Search(children, node, oldest));
    }

    private static int Search(INodeList children, INode node, int slot)
    {
        _current = slot;
        for (int i = 0; i < children.Length; i++)
        {
            if (ReferenceEquals(children[i], node)) return _indexes![slot] = i;
        }
        return -1;
    }
}
