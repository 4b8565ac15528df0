namespace Harvester.Core.Crawling;

/// <summary>The privacy-policy link found on a home page.</summary>
/// <param name="Url">Absolute URL on the original site.</param>
/// <param name="Text">The link text, trimmed.</param>
/// <param name="ExactMatch">True when the text is one of the exact phrases; false for the "contains privacy and …" rule.</param>
public sealed record PolicyLink(string Url, string Text, bool ExactMatch);
