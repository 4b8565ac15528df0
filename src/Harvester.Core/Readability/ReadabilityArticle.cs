using AngleSharp.Dom;

namespace Harvester.Core.Readability;

/// <summary>What Readability picked: a container whose children are the article (Readability's <c>content</c>).</summary>
internal sealed record ReadabilityArticle(IElement Content, string Title, string? Byline);
