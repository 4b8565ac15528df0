namespace Harvester.Core.Html2Text;

/// <summary>
/// The html2text 2020.1.16 settings the dataset used, under html2text's own names. Only the dataset's
/// configuration is implemented: <c>body_width=0</c>, <c>ignore_images=True</c>, inline links, internal links skipped.
/// </summary>
internal sealed record Html2TextOptions
{
    /// <summary>The dataset's call: every default, no base URL.</summary>
    public static readonly Html2TextOptions Dataset = new();

    /// <summary>html2text's <c>baseurl</c>: links are joined to it with Python's <c>urljoin</c>.</summary>
    public string BaseUrl { get; init; } = string.Empty;

    /// <summary>html2text's <c>ul_item_mark</c>.</summary>
    public string UlItemMark { get; init; } = "*";

    /// <summary>html2text's <c>emphasis_mark</c>.</summary>
    public string EmphasisMark { get; init; } = "_";

    /// <summary>html2text's <c>strong_mark</c>.</summary>
    public string StrongMark { get; init; } = "**";
}
