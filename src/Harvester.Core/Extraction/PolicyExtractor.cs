using Harvester.Core.Dom;
using Harvester.Core.Html2Text;
using Harvester.Core.Readability;
using Harvester.Core.Snapshots;
using Harvester.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harvester.Core.Extraction;

/// <summary>
/// The extraction engine: page bytes and provenance in, the dataset's Markdown out
/// (decode → AngleSharp DOM → Readability 0.3.0 → html2text 2020.1.16 → header and title).
/// Thread-safe; one instance serves any number of pages.
/// </summary>
public sealed class PolicyExtractor
{
    /// <summary>Changes whenever the extractor's output for some page may change; stored with every version.</summary>
    public const string Version = "harvester-extract/4 (readability 0.3.0, html2text 2020.1.16)";

    private readonly ExtractionOptions _options;
    private readonly ILogger _logger;

    public PolicyExtractor(ExtractionOptions? options = null, ILogger<PolicyExtractor>? logger = null)
    {
        _options = options ?? ExtractionOptions.Default;
        _logger = logger ?? NullLogger<PolicyExtractor>.Instance;
    }

    /// <summary>Extracts a raw snapshot page.</summary>
    /// <param name="html">The page's bytes as the archive served them.</param>
    /// <param name="provenance">Site, capture date and snapshot address.</param>
    /// <param name="transportCharset">The charset of the HTTP Content-Type, when known.</param>
    /// <exception cref="ExtractionException">The page cannot be extracted; the message says why.</exception>
    public ExtractionResult Extract(byte[] html, Provenance provenance, string? transportCharset = null)
    {
        var decoded = DecodeChecked(html, transportCharset);
        return ExtractText(decoded.Text, provenance, decoded.Encoding.WebName, decoded.Warnings);
    }

    /// <summary>Extracts one of the dataset's <c>.html</c> files, whose opening comment carries the provenance.</summary>
    /// <exception cref="ExtractionException">No or a malformed provenance comment, or a page that cannot be extracted.</exception>
    public ExtractionResult ExtractDatasetPage(byte[] file)
    {
        var decoded = DecodeChecked(file, transportCharset: null);
        var text = decoded.Text;
        if (!ProvenanceComment.TryParse(text, out var provenance, out int htmlStart))
        {
            throw new ExtractionException(ProvenanceComment.LooksLikeOne(text)
                ? "malformed provenance comment (expected site, archive date YYYY-MM-DD and snapshot URL)"
                : "no provenance comment; for a raw page give --site, --url and --timestamp");
        }
        return ExtractText(text[htmlStart..], provenance!, decoded.Encoding.WebName, decoded.Warnings);
    }

    private HtmlDecoder.DecodedPage DecodeChecked(byte[] bytes, string? transportCharset)
    {
        if (bytes.Length == 0) throw new ExtractionException("empty file");
        if (bytes.Length > _options.MaxPageBytes)
        {
            throw new ExtractionException($"page is {bytes.Length / 1048576.0:0.0} MiB, over the {_options.MaxPageBytes / 1048576.0:0.#} MiB limit");
        }
        if (BinarySniffer.Describe(bytes) is { } kind) throw new ExtractionException($"not an HTML page ({kind})");
        return HtmlDecoder.Decode(bytes, transportCharset);
    }

    /// <summary>
    /// Any failure is one page's: a fault in the extractor itself (a bug some page finds) becomes an
    /// <see cref="ExtractionException"/> naming it, so a batch or a crawl records that page and goes on.
    /// </summary>
    private ExtractionResult ExtractText(string html, Provenance provenance, string encoding, IReadOnlyList<string> decodeWarnings)
    {
        try
        {
            return ExtractTextOrThrow(html, provenance, encoding, decodeWarnings);
        }
        catch (Exception e) when (e is not (ExtractionException or OutOfMemoryException or OperationCanceledException))
        {
            _logger.LogWarning("The extractor failed on {SnapshotUrl}: {Error}", provenance.SnapshotUrl, e.GetType().Name + ": " + e.Message);
            _logger.LogDebug(e, "The extractor's failure on {SnapshotUrl}", provenance.SnapshotUrl);
            throw new ExtractionException($"the extractor failed on this page ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); please report it with the page");
        }
    }

    private ExtractionResult ExtractTextOrThrow(string html, Provenance provenance, string encoding, IReadOnlyList<string> decodeWarnings)
    {
        var warnings = new List<string>(decodeWarnings);
        int rawDepth = MarkupDepthScanner.MaxDepth(html, _options.MaxNestingDepth);
        if (rawDepth > _options.MaxNestingDepth)
        {
            throw new ExtractionException($"markup nested more than {_options.MaxNestingDepth:N0} levels deep");
        }
        using var document = JsdomHtmlParser.Parse(html);

        int depth = document.MaxElementDepth();
        if (depth > _options.MaxNestingDepth)
        {
            throw new ExtractionException($"markup nested more than {_options.MaxNestingDepth:N0} levels deep");
        }

        var title = JsText.Trim(ArticleMetadata.DocumentTitle(document));
        var linkBase = LinkBaseUrl(provenance);
        var article = new ArticleGrabber(document, linkBase, () => JsdomHtmlParser.Parse(html)).Parse();

        string body;
        int contentLength = 0;
        if (article is null)
        {
            warnings.Add("no article content found");
            body = "\n";
        }
        else
        {
            contentLength = TextMeasure.Length(article.Content);
            // The dataset's chain gave html2text no base URL: Readability has made every non-empty link absolute, and an
            // empty href stays empty ("[text]()") and a bare trailing '#' stays (urljoin against a base would change both).
            body = Html2TextConverter.Convert(article.Content, Html2TextOptions.Dataset);
        }

        if (title.Length == 0) warnings.Add("page has no <title>");
        foreach (var warning in warnings) _logger.LogDebug("{Site}: {Warning}", provenance.Site, warning);
        return new ExtractionResult(provenance, MarkdownHeader.Format(provenance, title) + body, title, contentLength, encoding, warnings);
    }

    private string LinkBaseUrl(Provenance provenance)
    {
        if (_options.Links == LinkBase.Original && SnapshotUrl.TryParse(provenance.SnapshotUrl, out _, out var original))
        {
            return original;
        }
        return provenance.SnapshotUrl;
    }
}
