using System.Collections.ObjectModel;
using System.Text;
using AngleSharp.Dom;

namespace Harvester.Core.Html2Text;

/// <summary>
/// Replays a DOM subtree as the events Python's <c>HTMLParser(convert_charrefs=False)</c> would report for its
/// serialized HTML (<c>innerHTML</c>): start and end tags, and text delivered in chunks split at every character
/// the serializer writes as an entity (<c>&amp; &lt; &gt; &amp;nbsp;</c>). Iterative: any nesting depth is safe.
/// </summary>
internal static class HtmlParserEvents
{
    private static readonly HashSet<string> VoidElements =
        ["area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"];

    private static readonly HashSet<string> RawTextElements =
        ["style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"];

    /// <remarks>Walks child lists by index: AngleSharp's <c>NextSibling</c> searches the parent's children, quadratic on a wide node.</remarks>
    public static void Replay(INode root, IHtmlEventSink sink)
    {
        var text = new StringBuilder();
        bool textIsRaw = false;
        var open = new Stack<(INodeList Children, int Next, IElement? Owner)>();
        var children = root.ChildNodes;
        int index = 0;
        IElement? owner = null;
        while (true)
        {
            if (index >= children.Length)
            {
                if (owner is null) break;
                // Climbing out of an element closes it.
                Flush(text, textIsRaw, sink);
                sink.EndTag(owner.LocalName.ToLowerInvariant());
                (children, index, owner) = open.Pop();
                continue;
            }
            var node = children[index++];
            switch (node)
            {
                case IText t:
                    text.Append(t.Data);
                    textIsRaw = t.Parent is IElement p && p.NamespaceUri == NamespaceNames.HtmlUri && RawTextElements.Contains(p.LocalName);
                    break;
                case IElement e:
                    Flush(text, textIsRaw, sink);
                    var tag = e.LocalName.ToLowerInvariant();
                    sink.StartTag(tag, Attributes(e));
                    bool isVoid = VoidElements.Contains(e.LocalName) && e.NamespaceUri == NamespaceNames.HtmlUri;
                    if (isVoid) break;
                    if (e.HasChildNodes)
                    {
                        open.Push((children, index, owner));
                        children = e.ChildNodes;
                        index = 0;
                        owner = e;
                    }
                    else
                    {
                        sink.EndTag(tag);
                    }
                    break;
                default:
                    // Comments and other nodes end a text chunk and print nothing.
                    Flush(text, textIsRaw, sink);
                    break;
            }
        }
        Flush(text, textIsRaw, sink);
    }

    private static IReadOnlyDictionary<string, string> Attributes(IElement e)
    {
        var list = e.Attributes;
        if (list.Length == 0) return ReadOnlyDictionary<string, string>.Empty;
        var attributes = new Dictionary<string, string>(list.Length, StringComparer.Ordinal);
        foreach (var a in list) attributes[a.Name.ToLowerInvariant()] = a.Value;
        return attributes;
    }

    private static void Flush(StringBuilder text, bool raw, IHtmlEventSink sink)
    {
        if (text.Length == 0) return;
        var data = text.ToString();
        text.Clear();
        if (raw)
        {
            sink.Data(data, isEntity: false);
            return;
        }
        int start = 0;
        for (int i = 0; i < data.Length; i++)
        {
            string? entity = data[i] switch
            {
                '&' => "&",
                '<' => "<",
                '>' => ">",
                '\u00A0' => MarkdownWriter.NbspPlaceholder,
                _ => null,
            };
            if (entity is null) continue;
            if (i > start) sink.Data(data[start..i], isEntity: false);
            sink.Data(entity, isEntity: true);
            start = i + 1;
        }
        if (start < data.Length) sink.Data(data[start..], isEntity: false);
    }
}

/// <summary>Receives <see cref="HtmlParserEvents"/>.</summary>
internal interface IHtmlEventSink
{
    void StartTag(string tag, IReadOnlyDictionary<string, string> attributes);
    void EndTag(string tag);
    void Data(string data, bool isEntity);
}
