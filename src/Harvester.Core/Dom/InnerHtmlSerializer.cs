using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Harvester.Core.Dom;

/// <summary>
/// A node's <c>innerHTML</c> as jsdom writes it (parse5's serializer, scripting disabled): what Readability keeps to
/// restore the page for a retry, and the string it hands to html2text. AngleSharp's own serializer differs: it escapes
/// the text of <c>plaintext</c>, which jsdom writes raw. Text is escaped (<c>&amp; &lt; &gt;</c> and no-break space), except inside the elements
/// whose text is raw (<c>style script xmp iframe noembed noframes plaintext</c>), which is written as it stands;
/// attribute values escape <c>&amp; "</c> and no-break space. That is parse5 6, in the dataset's jsdom of 2020; the
/// jsdom 29 of today's reference chain also escapes <c>&lt; &gt;</c> in attribute values, which html2text reads back
/// the same but where an open quote in raw text turns markup into an attribute. Iterative: any nesting depth is safe.
/// </summary>
internal static class InnerHtmlSerializer
{
    private static readonly HashSet<string> VoidElements =
        ["area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"];

    private static readonly HashSet<string> RawTextElements =
        ["style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext"];

    /// <remarks>Walks child lists by index: AngleSharp's <c>NextSibling</c> searches the parent's children, quadratic on a wide node.</remarks>
    public static string Serialize(INode root)
    {
        var html = Builder;
        html.Clear();
        var open = new Stack<(INodeList Children, int Next, string? Tag)>();
        var children = root.ChildNodes;
        int index = 0;
        string? openTag = null;
        while (true)
        {
            if (index >= children.Length)
            {
                if (openTag is null) break;
                html.Append("</").Append(openTag).Append('>');
                (children, index, openTag) = open.Pop();
                continue;
            }
            switch (children[index++])
            {
                case IElement e:
                    var tag = QualifiedName(e);
                    html.Append('<').Append(tag);
                    var attributes = e.Attributes;
                    for (int k = 0; k < attributes.Length; k++)
                    {
                        var a = attributes[k]!;
                        html.Append(' ').Append(AttributeName(a)).Append("=\"");
                        Escape(html, a.Value, attribute: true);
                        html.Append('"');
                    }
                    html.Append('>');
                    bool isHtml = e.NamespaceUri == NamespaceNames.HtmlUri;
                    if (isHtml && VoidElements.Contains(tag)) break;
                    var content = isHtml && e is IHtmlTemplateElement template ? template.Content.ChildNodes : e.ChildNodes;
                    open.Push((children, index, openTag));
                    children = content;
                    index = 0;
                    openTag = tag;
                    break;
                case IText t:
                    if (t.Parent is IElement p && p.NamespaceUri == NamespaceNames.HtmlUri && RawTextElements.Contains(p.LocalName))
                        html.Append(t.Data);
                    else
                        Escape(html, t.Data, attribute: false);
                    break;
                case IComment c:
                    html.Append("<!--").Append(c.Data).Append("-->");
                    break;
                case IDocumentType d:
                    html.Append("<!DOCTYPE ").Append(d.Name).Append('>');
                    break;
            }
        }
        var serialized = html.ToString();
        if (html.Capacity > KeptCapacity) _builder = null;
        return serialized;
    }

    /// <summary>One builder per thread, reused: a page's article is serialized once, and growing a new one each time
    /// cost more than the string itself.</summary>
    [ThreadStatic]
    private static StringBuilder? _builder;

    private static StringBuilder Builder => _builder ??= new StringBuilder(16 * 1024);

    /// <summary>A builder grown past this by a huge article is let go rather than kept for the thread's lifetime.</summary>
    private const int KeptCapacity = 1024 * 1024;

    private static string QualifiedName(IElement e) => e.Prefix is { Length: > 0 } prefix ? prefix + ":" + e.LocalName : e.LocalName;

    /// <summary>
    /// jsdom's attributes carry no <c>namespace</c> field for parse5 to read, so every attribute is written by its
    /// qualified name. AngleSharp drops the <c>xlink</c> prefix the standard gives <c>xlink:href</c> and its kin on
    /// SVG and MathML elements; the namespace puts it back.
    /// </summary>
    private static string AttributeName(IAttr a)
    {
        if (a.Prefix is { Length: > 0 } prefix) return prefix + ":" + a.LocalName;
        if (a.NamespaceUri == NamespaceNames.XLinkUri) return "xlink:" + a.LocalName;
        if (a.NamespaceUri == NamespaceNames.XmlUri) return "xml:" + a.LocalName;
        return a.LocalName;
    }

    private static void Escape(StringBuilder html, string value, bool attribute)
    {
        int start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            string? entity = value[i] switch
            {
                '&' => "&amp;",
                '\u00A0' => "&nbsp;",
                '"' when attribute => "&quot;",
                '<' when !attribute => "&lt;",
                '>' when !attribute => "&gt;",
                _ => null,
            };
            if (entity is null) continue;
            html.Append(value, start, i - start).Append(entity);
            start = i + 1;
        }
        html.Append(value, start, value.Length - start);
    }
}
