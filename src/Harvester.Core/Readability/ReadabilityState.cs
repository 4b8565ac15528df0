using AngleSharp.Dom;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>
/// The per-document state Readability.js keeps on DOM nodes (<c>node.readability</c>, <c>_readabilityDataTable</c>)
/// and the flags of the current attempt.
/// </summary>
internal sealed class ReadabilityState
{
    private readonly Dictionary<IElement, double> _scores = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<IElement> _dataTables = new(ReferenceEqualityComparer.Instance);

    public bool WeightClasses { get; set; } = true;
    public bool CleanConditionally { get; set; } = true;
    public string ArticleTitle { get; set; } = string.Empty;

    public bool HasScore(IElement e) => _scores.ContainsKey(e);
    public double Score(IElement e) => _scores.TryGetValue(e, out var s) ? s : 0;
    public void SetScore(IElement e, double score) => _scores[e] = score;
    public void AddScore(IElement e, double delta) => _scores[e] = Score(e) + delta;

    public bool IsDataTable(IElement table) => _dataTables.Contains(table);
    public void MarkDataTable(IElement table, bool isDataTable)
    {
        if (isDataTable) _dataTables.Add(table);
        else _dataTables.Remove(table);
    }

    /// <summary><c>_initializeNode</c>: the base score of a candidate by tag, plus its class weight.</summary>
    public void Initialize(IElement node)
    {
        double score = 0;
        if (node.NamespaceUri == NamespaceNames.HtmlUri)
        {
            score = node.LocalName switch
            {
                "div" => 5,
                "pre" or "td" or "blockquote" => 3,
                "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
                "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
                _ => 0,
            };
        }
        _scores[node] = score + ClassWeight(node);
    }

    /// <summary><c>_getClassWeight</c>: +/-25 for each of class and id that look like content or clutter.</summary>
    public int ClassWeight(IElement e)
    {
        if (!WeightClasses) return 0;
        int weight = 0;
        if (ReadabilityNodes.HasStringClassName(e) && e.GetAttribute("class") is { Length: > 0 } className)
        {
            if (Negative.IsMatch(className)) weight -= 25;
            if (Positive.IsMatch(className)) weight += 25;
        }
        if (e.GetAttribute("id") is { Length: > 0 } id)
        {
            if (Negative.IsMatch(id)) weight -= 25;
            if (Positive.IsMatch(id)) weight += 25;
        }
        return weight;
    }

    /// <summary><c>_setNodeTag</c>: replaces an element by a new one of another tag, keeping children, attributes and score.</summary>
    public IElement SetNodeTag(IElement node, string localName)
    {
        var document = node.Owner!;
        var replacement = document.CreateElement(localName);
        while (node.FirstChild is { } child) replacement.AppendChild(child);
        node.Parent?.ReplaceChild(replacement, node);
        if (_scores.TryGetValue(node, out var score)) _scores[replacement] = score;
        foreach (var attribute in node.Attributes)
        {
            try
            {
                replacement.SetAttribute(attribute.Name, attribute.Value);
            }
            catch (DomException)
            {
                // Names the parser accepts but setAttribute refuses are dropped, as in a browser.
            }
        }
        return replacement;
    }
}
