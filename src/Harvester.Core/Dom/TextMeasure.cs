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

    /// <summary>The data of every descendant text node, in document order (iterative).</summary>
    private static IEnumerable<string> TextNodes(INode root)
    {
        if (root is ICharacterData own)
        {
            if (root is IText) yield return own.Data;
            yield break;
        }
        foreach (var node in root.DescendantNodes())
        {
            if (node is IText text) yield return text.Data;
        }
    }
}
