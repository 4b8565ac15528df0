namespace Harvester.Core.Extraction;

/// <summary>What relative links in a policy resolve against.</summary>
public enum LinkBase
{
    /// <summary>The Wayback snapshot URL, as the dataset did (root-relative links become <c>https://web.archive.org/privacy</c>).</summary>
    Snapshot,

    /// <summary>The page's original URL, so that links point at the original site.</summary>
    Original,
}
