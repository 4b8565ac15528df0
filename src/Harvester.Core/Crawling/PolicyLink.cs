namespace Harvester.Core.Crawling;

/// <summary>The privacy-policy link found on a home page.</summary>
/// <param name="Url">Absolute URL on the original site, without a fragment: what the archive is asked for.</param>
/// <param name="Text">The link text, trimmed.</param>
/// <param name="ExactMatch">True when the text is one of the exact phrases; false for the "contains privacy and …" rule.</param>
/// <param name="Fragment">The link's fragment with its <c>#</c> (<c>#top</c>), or empty. Never sent; kept in the provenance.</param>
public sealed record PolicyLink(string Url, string Text, bool ExactMatch, string Fragment = "")
{
    /// <summary>The link as found on the page: <see cref="Url"/> with its fragment.</summary>
    public string AsFound => Url + Fragment;

    /// <summary>
    /// The URL the provenance names for a policy fetched through this link and served from <paramref name="fetchedUrl"/>
    /// (the link's own URL, or a redirect's target): the original crawl kept the link's fragment there, carried over a
    /// redirect as HTTP clients do when the target has none of its own.
    /// </summary>
    public string ProvenanceUrl(string fetchedUrl) => fetchedUrl.Contains('#', StringComparison.Ordinal) ? fetchedUrl : fetchedUrl + Fragment;
}
