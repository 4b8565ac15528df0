using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Harvester.Web;

/// <summary>
/// Renders a stored policy's Markdown as HTML that is safe to show: raw HTML is escaped (every policy came from an
/// arbitrary web page), links keep only http(s) and mailto targets and open with <c>rel="noopener noreferrer"</c>, any
/// other target (<c>javascript:</c>, <c>data:</c>…) is shown as text, and images become links (a policy page must not
/// make the reader's browser fetch from a third party).
/// </summary>
public static class PolicyRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UsePipeTables().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsSafe(link.Url))
            {
                Replace(link, new LiteralInline(Text(link) is { Length: > 0 } text ? text : link.Url ?? string.Empty));
                continue;
            }
            if (link.IsImage)
            {
                link.IsImage = false;
                if (link.FirstChild is null) link.AppendChild(new LiteralInline("[image]"));
            }
            var attributes = link.GetAttributes();
            attributes.AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
            attributes.AddPropertyIfNotExist("target", "_blank");
        }
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (!IsSafe(autolink.Url)) Replace(autolink, new LiteralInline(autolink.Url));
            else autolink.GetAttributes().AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
        }
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        return writer.ToString();
    }

    /// <summary>Whether a link target may be made clickable: http, https and mailto only (after trimming, case-insensitive).</summary>
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return false;
        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        return trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
               trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
    }

    private static string Text(ContainerInline container) =>
        string.Concat(container.Descendants<LiteralInline>().Select(l => l.Content.ToString()));

    private static void Replace(Inline inline, Inline replacement)
    {
        inline.ReplaceBy(replacement, copyChildren: false);
    }
}
