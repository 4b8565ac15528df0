using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Harvester.Core.Dom;
using Harvester.Core.Text;
using static Harvester.Core.Readability.ReadabilityNodes;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>
/// Mozilla Readability.js 0.3.0 (<c>parse</c>, <c>_grabArticle</c> and <c>_prepArticle</c>) on an AngleSharp document:
/// picks the main content of a page the way the privacy-policy-historical dataset's crawl did in early 2020.
/// One instance processes one document.
/// </summary>
internal sealed class ArticleGrabber
{
    private const int CharThreshold = 500;
    private const int TopCandidateCount = 5;

    private readonly IHtmlDocument _doc;
    private readonly ReadabilityState _state;
    private readonly ArticleCleaner _cleaner;
    private ReadabilityFlags _flags = ReadabilityFlags.All;
    private string? _articleByline;

    private readonly Url? _linkBase;
    private readonly Func<IHtmlDocument> _parseAgain;

    /// <param name="doc">The page; Readability changes it.</param>
    /// <param name="linkBase">The URL that relative links resolve against (the snapshot URL, as the dataset did).</param>
    /// <param name="parseAgain">Parses the same markup into a new document the same way <paramref name="doc"/> was
    /// parsed; called only when a retry has to restore the page.</param>
    public ArticleGrabber(IHtmlDocument doc, string linkBase, Func<IHtmlDocument> parseAgain)
    {
        _doc = doc;
        var url = new Url(linkBase);
        _linkBase = url.IsInvalid ? null : url;
        _parseAgain = parseAgain;
        _state = new ReadabilityState();
        _cleaner = new ArticleCleaner(doc, _state);
    }

    /// <summary>Runs Readability; returns the article container (its children are the content) or null.</summary>
    public ReadabilityArticle? Parse()
    {
        var jsonLdTitle = Prepare(_doc, _state);
        // From here to the grab the document is only read: a retry's PreparedPageHtml repeats Prepare alone.
        _state.ArticleTitle = ArticleMetadata.Title(_doc, jsonLdTitle);

        var content = GrabArticle();
        if (content is null) return null;
        UriFixer.FixRelativeUris(_doc, content, _linkBase);
        ClassCleaner.Clean(content);
        return new ReadabilityArticle(content, _state.ArticleTitle, _articleByline);
    }

    /// <summary>
    /// Everything Readability changes in the document before it grabs: noscript images unwrapped, scripts removed (the
    /// JSON-LD title read before), styles, breaks and fonts. Returns the JSON-LD title.
    /// </summary>
    private static string? Prepare(IHtmlDocument doc, ReadabilityState state)
    {
        NoscriptImages.Unwrap(doc);
        var jsonLdTitle = ArticleMetadata.JsonLdTitle(doc);
        RemoveScripts(doc);
        PrepDocument(doc, state);
        return jsonLdTitle;
    }

    private static void RemoveScripts(IHtmlDocument doc)
    {
        foreach (var e in Reverse(doc.ElementsByTagName("script"))) e.Remove();
        foreach (var e in Reverse(doc.ElementsByTagName("noscript"))) e.Remove();
    }

    private static void PrepDocument(IHtmlDocument doc, ReadabilityState state)
    {
        foreach (var e in Reverse(doc.ElementsByTagName("style"))) e.Remove();
        if (doc.Body is { } body) BreakReplacer.ReplaceBrs(doc, body, state);
        foreach (var font in Reverse(doc.ElementsByTagName("font"))) state.SetNodeTag(font, TagNames.Span);
    }

    private static IEnumerable<IElement> Reverse(List<IElement> list)
    {
        for (int i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].Parent is not null) yield return list[i];
        }
    }

    private IElement? GrabArticle()
    {
        var page = _doc.Body;
        if (page is null) return null;
        // Readability keeps page.innerHTML to restore the page for a retry. Most pages need no retry, and serialising a
        // large page, or keeping a copy of it alive through the grab, costs more than the rest of the work; so the
        // markup is made only when a retry needs it (PreparedPageHtml).
        string? pageCacheHtml = null;
        var attempts = new List<(IElement Content, int TextLength)>();

        while (true)
        {
            bool stripUnlikelyCandidates = _flags.HasFlag(ReadabilityFlags.StripUnlikelys);
            _state.WeightClasses = _flags.HasFlag(ReadabilityFlags.WeightClasses);
            _state.CleanConditionally = _flags.HasFlag(ReadabilityFlags.CleanConditionally);

            var elementsToScore = CollectElementsToScore(stripUnlikelyCandidates);
            var candidates = ScoreParagraphs(elementsToScore);
            var topCandidates = PickTopCandidates(candidates);

            IElement topCandidate;
            bool neededToCreateTopCandidate = false;
            if (topCandidates.Count == 0 || topCandidates[0].IsHtml(TagNames.Body))
            {
                topCandidate = _doc.CreateElement(TagNames.Div);
                neededToCreateTopCandidate = true;
                while (page.FirstChild is { } kid) topCandidate.AppendChild(kid);
                page.AppendChild(topCandidate);
                _state.Initialize(topCandidate);
            }
            else
            {
                topCandidate = RefineTopCandidate(topCandidates);
            }

            var articleContent = GatherSiblings(topCandidate);
            _cleaner.PrepArticle(articleContent);

            if (neededToCreateTopCandidate)
            {
                topCandidate.Id = "readability-page-1";
                topCandidate.ClassName = "page";
            }
            else
            {
                // Readability moves the article's children into a new div#readability-page-1.page inside it. The
                // article is not in the document and is a bare div, so giving it the id and class and wrapping it in
                // a new bare div builds the same tree with one move instead of one per child: AngleSharp walks a
                // moved node's whole subtree on every insert and remove.
                articleContent.Id = "readability-page-1";
                articleContent.ClassName = "page";
                var wrapper = _doc.CreateElement(TagNames.Div);
                wrapper.AppendChild(articleContent);
                articleContent = wrapper;
            }

            int textLength = InnerTextLength(articleContent);
            if (textLength >= CharThreshold) return articleContent;

            page.InnerHtml = pageCacheHtml ??= PreparedPageHtml();
            attempts.Add((articleContent, textLength));
            if (_flags.HasFlag(ReadabilityFlags.StripUnlikelys)) _flags &= ~ReadabilityFlags.StripUnlikelys;
            else if (_flags.HasFlag(ReadabilityFlags.WeightClasses)) _flags &= ~ReadabilityFlags.WeightClasses;
            else if (_flags.HasFlag(ReadabilityFlags.CleanConditionally)) _flags &= ~ReadabilityFlags.CleanConditionally;
            else
            {
                // No luck after removing flags: the longest text found (a stable sort keeps the first of equals).
                var best = attempts[0];
                foreach (var attempt in attempts)
                {
                    if (attempt.TextLength > best.TextLength) best = attempt;
                }
                return best.TextLength == 0 ? null : best.Content;
            }
        }
    }

    /// <summary>
    /// The page's body markup as the grab first saw it: the same markup parsed again and prepared the same way
    /// (noscript images, scripts, styles, breaks, fonts), which gives the same nodes as the page had then.
    /// </summary>
    private string PreparedPageHtml()
    {
        using var again = _parseAgain();
        Prepare(again, new ReadabilityState());
        return again.Body is { } body ? InnerHtmlSerializer.Serialize(body) : string.Empty;
    }

    private List<IElement> CollectElementsToScore(bool stripUnlikelyCandidates)
    {
        var elementsToScore = new List<IElement>();
        IElement? node = _doc.DocumentElement;
        while (node is not null)
        {
            var matchString = MatchString(node);

            if (!IsProbablyVisible(node))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (CheckByline(node, matchString))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (stripUnlikelyCandidates)
            {
                if (UnlikelyCandidates.IsMatch(matchString) &&
                    !OkMaybeItsACandidate.IsMatch(matchString) &&
                    !HasAncestorTag(node, TagNames.Table) &&
                    !node.IsHtml(TagNames.Body) &&
                    !node.IsHtml(TagNames.A))
                {
                    node = RemoveAndGetNext(node);
                    continue;
                }

                if (node.GetAttribute("role") == "complementary")
                {
                    node = RemoveAndGetNext(node);
                    continue;
                }
            }

            if (node.NamespaceUri == NamespaceNames.HtmlUri &&
                node.LocalName is "div" or "section" or "header" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" &&
                IsElementWithoutContent(node))
            {
                node = RemoveAndGetNext(node);
                continue;
            }

            if (node.NamespaceUri == NamespaceNames.HtmlUri && TagsToScore.Contains(node.LocalName))
            {
                elementsToScore.Add(node);
            }

            if (node.IsHtml(TagNames.Div))
            {
                WrapPhrasingContent(node);

                if (HasSingleTagInsideElement(node, TagNames.P) && LinkDensity(node) < 0.25)
                {
                    var newNode = node.FirstElementChild!;
                    node.Parent!.ReplaceChild(newNode, node);
                    node = newNode;
                    elementsToScore.Add(node);
                }
                else if (!HasChildBlockElement(node))
                {
                    node = _state.SetNodeTag(node, TagNames.P);
                    elementsToScore.Add(node);
                }
            }

            node = NextNode(node);
        }
        return elementsToScore;
    }

    /// <summary>Puts runs of phrasing content directly inside a div into paragraphs.</summary>
    private void WrapPhrasingContent(IElement div)
    {
        IElement? p = null;
        var childNode = div.FirstChild;
        while (childNode is not null)
        {
            var nextSibling = Siblings.Next(childNode);
            if (IsPhrasingContent(childNode))
            {
                if (p is not null)
                {
                    p.AppendChild(childNode);
                }
                else if (!IsWhitespace(childNode))
                {
                    p = _doc.CreateElement(TagNames.P);
                    div.ReplaceChild(p, childNode);
                    p.AppendChild(childNode);
                }
            }
            else if (p is not null)
            {
                while (p.LastChild is { } last && IsWhitespace(last)) p.RemoveChild(last);
                p = null;
            }
            childNode = nextSibling;
        }
    }

    private static IElement? RemoveAndGetNext(IElement node)
    {
        var next = NextNode(node, ignoreSelfAndKids: true);
        node.Remove();
        return next;
    }

    private bool CheckByline(IElement node, string matchString)
    {
        if (_articleByline is not null) return false;
        var rel = node.GetAttribute("rel");
        var itemprop = node.GetAttribute("itemprop");
        if (rel == "author" || (itemprop is not null && itemprop.Contains("author", StringComparison.Ordinal)) || Byline.IsMatch(matchString))
        {
            var trimmedLength = TextMeasure.TrimmedLength(node);
            if (trimmedLength > 0 && trimmedLength < 100)
            {
                _articleByline = JsText.Trim(node.GetTextContent());
                return true;
            }
        }
        return false;
    }

    private List<IElement> ScoreParagraphs(List<IElement> elementsToScore)
    {
        var candidates = new List<IElement>();
        foreach (var element in elementsToScore)
        {
            if (element.Parent is not IElement) continue;
            int innerTextLength = InnerTextLength(element);
            if (innerTextLength < 25) continue;
            var ancestors = Ancestors(element, 3);
            if (ancestors.Count == 0) continue;

            double contentScore = 1;
            contentScore += TextMeasure.Count(element, ',') + 1;
            contentScore += Math.Min(innerTextLength / 100, 3);

            for (int level = 0; level < ancestors.Count; level++)
            {
                if (ancestors[level] is not IElement ancestor || ancestor.Parent is not IElement) continue;
                if (!_state.HasScore(ancestor))
                {
                    _state.Initialize(ancestor);
                    candidates.Add(ancestor);
                }
                int divider = level switch { 0 => 1, 1 => 2, _ => level * 3 };
                _state.AddScore(ancestor, contentScore / divider);
            }
        }
        return candidates;
    }

    private List<IElement> PickTopCandidates(List<IElement> candidates)
    {
        var top = new List<IElement>(TopCandidateCount + 1);
        var linkLengths = new Dictionary<IElement, int>(ReferenceEqualityComparer.Instance);
        foreach (var candidate in candidates)
        {
            double score = _state.Score(candidate) * (1 - LinkDensity(candidate, linkLengths));
            _state.SetScore(candidate, score);
            for (int t = 0; t < TopCandidateCount; t++)
            {
                if (t >= top.Count || score > _state.Score(top[t]))
                {
                    top.Insert(t, candidate);
                    if (top.Count > TopCandidateCount) top.RemoveAt(top.Count - 1);
                    break;
                }
            }
        }
        return top;
    }

    private IElement RefineTopCandidate(List<IElement> topCandidates)
    {
        var topCandidate = topCandidates[0];
        const int MinimumTopCandidates = 3;
        var alternativeCandidateAncestors = new List<HashSet<INode>>();
        for (int i = 1; i < topCandidates.Count; i++)
        {
            if (_state.Score(topCandidates[i]) / _state.Score(topCandidate) >= 0.75)
            {
                alternativeCandidateAncestors.Add(new HashSet<INode>(Ancestors(topCandidates[i]), ReferenceEqualityComparer.Instance));
            }
        }
        if (alternativeCandidateAncestors.Count >= MinimumTopCandidates)
        {
            var parent = topCandidate.Parent;
            while (parent is not null && !parent.IsHtml(TagNames.Body))
            {
                int listsContainingThisAncestor = 0;
                for (int a = 0; a < alternativeCandidateAncestors.Count && listsContainingThisAncestor < MinimumTopCandidates; a++)
                {
                    if (alternativeCandidateAncestors[a].Contains(parent)) listsContainingThisAncestor++;
                }
                if (listsContainingThisAncestor >= MinimumTopCandidates && parent is IElement better)
                {
                    topCandidate = better;
                    break;
                }
                parent = parent.Parent;
            }
        }
        if (!_state.HasScore(topCandidate)) _state.Initialize(topCandidate);

        // Parents whose score rises over the first steps up the tree hold more of the content.
        var parentOfTopCandidate = topCandidate.Parent;
        double lastScore = _state.Score(topCandidate);
        double scoreThreshold = lastScore / 3;
        while (parentOfTopCandidate is IElement parentElement && !parentElement.IsHtml(TagNames.Body))
        {
            if (!_state.HasScore(parentElement))
            {
                parentOfTopCandidate = parentElement.Parent;
                continue;
            }
            double parentScore = _state.Score(parentElement);
            if (parentScore < scoreThreshold) break;
            if (parentScore > lastScore)
            {
                topCandidate = parentElement;
                break;
            }
            lastScore = parentScore;
            parentOfTopCandidate = parentElement.Parent;
        }

        // An only child hands over to its parent, which helps the sibling joining below.
        while (topCandidate.Parent is IElement onlyParent && !onlyParent.IsHtml(TagNames.Body) && onlyParent.ChildElementCount == 1)
        {
            topCandidate = onlyParent;
        }
        if (!_state.HasScore(topCandidate)) _state.Initialize(topCandidate);
        return topCandidate;
    }

    private IElement GatherSiblings(IElement topCandidate)
    {
        var articleContent = _doc.CreateElement(TagNames.Div);
        double topScore = _state.Score(topCandidate);
        double siblingScoreThreshold = Math.Max(10, topScore * 0.2);
        var parent = topCandidate.Parent as IElement;
        if (parent is null)
        {
            articleContent.AppendChild(topCandidate);
            return articleContent;
        }
        var topClassName = ClassName(topCandidate);
        bool topHasStringClass = HasStringClassName(topCandidate);
        foreach (var original in parent.Children.ToArray())
        {
            var sibling = original;
            bool append = false;
            if (sibling == topCandidate)
            {
                append = true;
            }
            else
            {
                double contentBonus = 0;
                if (topHasStringClass && HasStringClassName(sibling) && topClassName.Length > 0 && ClassName(sibling) == topClassName)
                {
                    contentBonus += topScore * 0.2;
                }

                if (_state.HasScore(sibling) && _state.Score(sibling) + contentBonus >= siblingScoreThreshold)
                {
                    append = true;
                }
                else if (sibling.IsHtml(TagNames.P))
                {
                    double linkDensity = LinkDensity(sibling);
                    var nodeContent = InnerText(sibling);
                    int nodeLength = nodeContent.Length;
                    if (nodeLength > 80 && linkDensity < 0.25)
                    {
                        append = true;
                    }
                    else if (nodeLength < 80 && nodeLength > 0 && linkDensity == 0 && SentenceEnd.IsMatch(nodeContent))
                    {
                        append = true;
                    }
                }
            }

            if (append)
            {
                if (!(sibling.NamespaceUri == NamespaceNames.HtmlUri && AlterToDivExceptions.Contains(sibling.LocalName)))
                {
                    sibling = _state.SetNodeTag(sibling, TagNames.Div);
                }
                articleContent.AppendChild(sibling);
            }
        }
        return articleContent;
    }
}
