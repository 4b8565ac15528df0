using AngleSharp.Dom;
using Harvester.Core.Dom;
using Harvester.Core.Text;
using static Harvester.Core.Readability.ReadabilityNodes;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>Readability 0.3.0's <c>_prepArticle</c>: strips clutter from the chosen content.</summary>
internal sealed class ArticleCleaner(IDocument doc, ReadabilityState state)
{
    private const int ShareElementThreshold = 500;

    /// <summary>The tags the clean-up asks for. Until its last step it only removes nodes (fixing lazy images adds
    /// <c>img</c> elements, not asked for), so one walk serves every step.</summary>
    private static readonly string[] IndexedTags =
    [
        "table", "form", "fieldset", "object", "embed", "h1", "h2", "footer", "link", "aside",
        "iframe", "input", "textarea", "select", "button", "ul", "div", "p", "br",
    ];

    public void PrepArticle(IElement articleContent)
    {
        var tags = new TagIndex(articleContent, IndexedTags);
        CleanStyles(articleContent);
        MarkDataTables(tags);
        LazyImages.Fix(doc, articleContent);

        CleanConditionally(tags, "form");
        CleanConditionally(tags, "fieldset");
        Clean(tags, "object");
        Clean(tags, "embed");
        Clean(tags, "h1");
        Clean(tags, "footer");
        Clean(tags, "link");
        Clean(tags, "aside");

        foreach (var topCandidate in articleContent.Children.ToArray())
        {
            CleanMatchedNodes(topCandidate, static node =>
                ShareElements.IsMatch(MatchString(node)) && TextMeasure.Length(node) < ShareElementThreshold);
        }

        var h2 = tags.ElementsByTagName("h2");
        if (h2.Count == 1)
        {
            var title = state.ArticleTitle;
            var h2Text = h2[0].GetTextContent();
            double lengthSimilarRate = (h2Text.Length - title.Length) / (double)title.Length;
            if (Math.Abs(lengthSimilarRate) < 0.5)
            {
                bool titlesMatch = lengthSimilarRate > 0
                    ? h2Text.Contains(title, StringComparison.Ordinal)
                    : title.Contains(h2Text, StringComparison.Ordinal);
                if (titlesMatch) Clean(tags, "h2");
            }
        }

        Clean(tags, "iframe");
        Clean(tags, "input");
        Clean(tags, "textarea");
        Clean(tags, "select");
        Clean(tags, "button");
        CleanHeaders(tags);

        CleanConditionally(tags, "table");
        CleanConditionally(tags, "ul");
        CleanConditionally(tags, "div");

        RemoveEach(tags.ElementsByTagName("p"), paragraph =>
        {
            int total = 0;
            foreach (var d in paragraph.DescendantElements())
            {
                if (d.LocalName is "img" or "embed" or "object" or "iframe") total++;
            }
            return total == 0 && !TextMeasure.HasNonWhitespaceText(paragraph);
        });

        foreach (var br in tags.ElementsByTagName("br"))
        {
            if (NextElement(Siblings.Next(br)).IsHtml(TagNames.P)) br.Parent?.RemoveChild(br);
        }

        // The last step: it replaces tables by new elements, which no later step asks for.
        foreach (var table in tags.ElementsByTagName("table"))
        {
            var tbody = HasSingleTagInsideElement(table, TagNames.Tbody) ? table.FirstElementChild! : table;
            if (!HasSingleTagInsideElement(tbody, TagNames.Tr)) continue;
            var row = tbody.FirstElementChild!;
            if (!HasSingleTagInsideElement(row, TagNames.Td)) continue;
            var cell = row.FirstElementChild!;
            bool allPhrasing = cell.ChildNodes.All(IsPhrasingContent);
            cell = state.SetNodeTag(cell, allPhrasing ? TagNames.P : TagNames.Div);
            table.Parent?.ReplaceChild(cell, table);
        }
    }

    /// <summary><c>_removeNodes</c>: walks the snapshot backwards, removing attached nodes the filter selects.</summary>
    private static void RemoveEach(List<IElement> nodes, Func<IElement, bool> filter)
    {
        for (int i = nodes.Count - 1; i >= 0; i--)
        {
            var node = nodes[i];
            if (node.Parent is { } parent && filter(node)) parent.RemoveChild(node);
        }
    }

    private static void CleanStyles(IElement root)
    {
        var pending = new Stack<IElement>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var e = pending.Pop();
            if (e.LocalName.Equals("svg", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var attribute in PresentationalAttributes) e.RemoveAttribute(attribute);
            if (e.NamespaceUri == NamespaceNames.HtmlUri && DeprecatedSizeAttributeElements.Contains(e.LocalName))
            {
                e.RemoveAttribute("width");
                e.RemoveAttribute("height");
            }
            for (var child = e.LastElementChild; child is not null; child = Siblings.PreviousElement(child)) pending.Push(child);
        }
    }

    private void MarkDataTables(TagIndex tags)
    {
        foreach (var table in tags.ElementsByTagName("table"))
        {
            state.MarkDataTable(table, IsDataTable(table));
        }
    }

    private static bool IsDataTable(IElement table)
    {
        if (table.GetAttribute("role") == "presentation") return false;
        if (table.GetAttribute("datatable") == "0") return false;
        if (!string.IsNullOrEmpty(table.GetAttribute("summary"))) return true;
        var caption = table.ElementsByTagName("caption").FirstOrDefault();
        if (caption is not null && caption.ChildNodes.Length > 0) return true;
        foreach (var d in table.DescendantElements())
        {
            if (d.LocalName is "col" or "colgroup" or "tfoot" or "thead" or "th") return true;
        }
        if (table.HasDescendant("table")) return false;
        var (rows, columns) = RowAndColumnCount(table);
        if (rows >= 10 || columns > 4) return true;
        return rows * columns > 10;
    }

    private static (int Rows, int Columns) RowAndColumnCount(IElement table)
    {
        int rows = 0, columns = 0;
        foreach (var tr in table.ElementsByTagName("tr"))
        {
            rows += JsNumber.ParseIntOrZero(tr.GetAttribute("rowspan")) is var rowspan && rowspan != 0 ? rowspan : 1;
            int columnsInThisRow = 0;
            foreach (var cell in tr.ElementsByTagName("td"))
            {
                int colspan = JsNumber.ParseIntOrZero(cell.GetAttribute("colspan"));
                columnsInThisRow += colspan != 0 ? colspan : 1;
            }
            columns = Math.Max(columns, columnsInThisRow);
        }
        return (rows, columns);
    }

    private static void Clean(TagIndex tags, string tag)
    {
        bool isEmbed = tag is "object" or "embed" or "iframe";
        RemoveEach(tags.ElementsByTagName(tag), element => !(isEmbed && HasVideoAttribute(element)));
    }

    private static bool HasVideoAttribute(IElement element)
    {
        foreach (var attribute in element.Attributes)
        {
            if (Videos.IsMatch(attribute.Value)) return true;
        }
        return false;
    }

    private void CleanHeaders(TagIndex tags)
    {
        RemoveEach(tags.ElementsByTagNames("h1", "h2"), header => state.ClassWeight(header) < 0);
    }

    private void CleanMatchedNodes(IElement e, Func<IElement, bool> filter)
    {
        var endOfSearchMarkerNode = NextNode(e, ignoreSelfAndKids: true);
        var next = NextNode(e);
        while (next is not null && next != endOfSearchMarkerNode)
        {
            if (filter(next))
            {
                var following = NextNode(next, ignoreSelfAndKids: true);
                next.Remove();
                next = following;
            }
            else
            {
                next = NextNode(next);
            }
        }
    }

    private void CleanConditionally(TagIndex tags, string tag)
    {
        if (!state.CleanConditionally) return;
        bool isList = tag is "ul" or "ol";
        RemoveEach(tags.ElementsByTagName(tag), node =>
        {
            if (tag == "table" && state.IsDataTable(node)) return false;
            if (HasAncestorTag(node, TagNames.Table, -1, state.IsDataTable)) return false;

            int weight = state.ClassWeight(node);
            if (weight < 0) return true;

            if (TextMeasure.Count(node, ',') >= 10) return false;

            int p = 0, img = 0, li = -100, input = 0, embedCount = 0;
            foreach (var d in node.DescendantElements())
            {
                switch (d.LocalName)
                {
                    case "p": p++; break;
                    case "img": img++; break;
                    case "li": li++; break;
                    case "input": input++; break;
                    case "object" or "embed" or "iframe":
                        if (HasVideoAttribute(d)) return false;
                        embedCount++;
                        break;
                }
            }

            double linkDensity = LinkDensity(node);
            int contentLength = InnerTextLength(node);

            return (img > 1 && (double)p / img < 0.5 && !HasAncestorTag(node, "figure")) ||
                   (!isList && li > p) ||
                   (input > p / 3) ||
                   (!isList && contentLength < 25 && (img == 0 || img > 2) && !HasAncestorTag(node, "figure")) ||
                   (!isList && weight < 25 && linkDensity > 0.2) ||
                   (weight >= 25 && linkDensity > 0.5) ||
                   (embedCount == 1 && contentLength < 75) || embedCount > 1;
        });
    }
}
