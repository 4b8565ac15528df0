using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using Harvester.Core.Text;

namespace Harvester.Core.Dom;

/// <summary>
/// Measures of a node's <c>textContent</c> computed by streaming over its text nodes, without building the string:
/// Readability asks for these lengths of large subtrees many times per page.
/// </summary>
internal static class TextMeasure
{
    /// <summary>Length of <c>textContent.trim().replace(/\s{2,}/g, " ")</c>.</summary>
    public static int CollapsedLength(INode root)
    {
        int length = 0;
        bool seenText = false, pendingSpace = false;
        foreach (var data in TextNodes(root))
        {
            foreach (var c in data)
            {
                if (JsText.IsWhiteSpace(c))
                {
                    if (seenText) pendingSpace = true;
                    continue;
                }
                if (pendingSpace) length++;
                pendingSpace = false;
                seenText = true;
                length++;
            }
        }
        return length;
    }

    /// <summary>Length of <c>textContent.trim()</c>.</summary>
    public static int TrimmedLength(INode root)
    {
        int length = 0, pendingSpaces = 0;
        bool seenText = false;
        foreach (var data in TextNodes(root))
        {
            foreach (var c in data)
            {
                if (JsText.IsWhiteSpace(c))
                {
                    if (seenText) pendingSpaces++;
                    continue;
                }
                length += pendingSpaces + 1;
                pendingSpaces = 0;
                seenText = true;
            }
        }
        return length;
    }

    /// <summary>True when <c>textContent.trim()</c> is not empty.</summary>
    public static bool HasNonWhitespaceText(INode root)
    {
        foreach (var data in TextNodes(root))
        {
            foreach (var c in data)
            {
                if (!JsText.IsWhiteSpace(c)) return true;
            }
        }
        return false;
    }

    /// <summary>How often <paramref name="c"/> occurs in <c>textContent</c>.</summary>
    public static int Count(INode root, char c)
    {
        int count = 0;
        foreach (var data in TextNodes(root))
        {
            int i = -1;
            while ((i = data.IndexOf(c, i + 1)) >= 0) count++;
        }
        return count;
    }

    /// <summary>Length of <c>textContent</c>.</summary>
    public static int Length(INode root)
    {
        int length = 0;
        foreach (var data in TextNodes(root)) length += data.Length;
        return length;
    }

    /// <summary>The data of every descendant text node, in document order (iterative, allocation-free in a foreach).</summary>
    private static TextData TextNodes(INode root) => new(root);

    /// <summary>The texts under a node (the node's own data when it is a text node), as a struct enumerable.</summary>
    private readonly struct TextData(INode root)
    {
        public Enumerator GetEnumerator() => new(root);

        public struct Enumerator(INode root) : IDisposable
        {
            private DescendantWalk<INode> _walk = root is ICharacterData ? default : root.DescendantNodes();
            private bool _own = root is IText;
            private bool _started;

            public string Current { get; private set; } = string.Empty;

            public bool MoveNext()
            {
                if (root is ICharacterData data)
                {
                    if (!_own || _started) return false;
                    _started = true;
                    Current = data.Data;
                    return true;
                }
                while (_walk.MoveNext())
                {
                    // A node type check, as in DescendantWalk: every node of an AngleSharp document is a Node.
                    var node = _walk.Current;
                    if (Unsafe.As<Node>(node).NodeType == NodeType.Text)
                    {
                        Current = Unsafe.As<IText>(node).Data;
                        return true;
                    }
                }
                return false;
            }

            public void Dispose() => _walk.Dispose();
        }
    }
}
