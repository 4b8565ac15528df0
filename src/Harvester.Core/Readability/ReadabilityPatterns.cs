using System.Text.RegularExpressions;

namespace Harvester.Core.Readability;

/// <summary>The regular expressions and tag lists of Readability.js 0.3.0, verbatim.</summary>
internal static class ReadabilityPatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    public static readonly Regex UnlikelyCandidates = new(
        "-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote",
        Options);

    public static readonly Regex OkMaybeItsACandidate = new("and|article|body|column|content|main|shadow", Options);

    public static readonly Regex Positive = new(
        "article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", Options);

    public static readonly Regex Negative = new(
        "hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget",
        Options);

    public static readonly Regex Byline = new("byline|author|dateline|writtenby|p-author", Options);

    public static readonly Regex Videos = new(
        @"\/\/(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)",
        Options);

    public static readonly Regex ShareElements = new(@"(\b|_)(share|sharedaddy)(\b|_)", Options);

    public static readonly Regex SentenceEnd = new(@"\.( |$)", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static readonly Regex B64DataUrl = new(@"^data:\s*([^\s;,]+)\s*;\s*base64\s*,", Options);

    public static readonly Regex Base64Marker = new(@"base64\s*", Options);

    public static readonly Regex ImageExtension = new(@"\.(jpg|jpeg|png|webp)", Options);

    public static readonly Regex SrcsetValue = new(@"\.(jpg|jpeg|png|webp)\s+\d", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static readonly Regex SrcValue = new(@"^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static readonly Regex JsonLdArticleTypes = new(
        "^Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static readonly Regex SchemaOrgContext = new(@"^https?\:\/\/schema\.org$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public static readonly Regex MetaProperty = new(
        @"\s*(dc|dcterm|og|twitter)\s*:\s*(author|creator|description|title|site_name)\s*", Options);

    public static readonly Regex MetaName = new(
        @"^\s*(?:(dc|dcterm|og|twitter|weibo:(article|webpage))\s*[\.:]\s*)?(author|creator|description|title|site_name)\s*$", Options);

    public static readonly Regex TitleSeparator = new(@" [\|\-\\\/>»] ", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    public static readonly Regex TitleHierarchicalSeparator = new(@" [\\\/>»] ", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    public static readonly Regex TitleDropLastPart = new(@"(.*)[\|\-\\\/>»] .*", Options);
    public static readonly Regex TitleDropFirstPart = new(@"[^\|\-\\\/>»]*[\|\-\\\/>»](.*)", Options);
    public static readonly Regex TitleSeparators = new(@"[\|\-\\\/>»]+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Tags whose elements are scored as paragraphs (DEFAULT_TAGS_TO_SCORE).</summary>
    public static readonly HashSet<string> TagsToScore = ["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];

    public static readonly HashSet<string> DivToPElements =
        ["a", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "select"];

    public static readonly HashSet<string> AlterToDivExceptions = ["div", "article", "section", "p"];

    public static readonly string[] PresentationalAttributes =
        ["align", "background", "bgcolor", "border", "cellpadding", "cellspacing", "frame", "hspace", "rules", "style", "valign", "vspace"];

    public static readonly HashSet<string> DeprecatedSizeAttributeElements = ["table", "th", "td", "hr", "pre"];

    public static readonly HashSet<string> PhrasingElements =
    [
        "abbr", "audio", "b", "bdo", "br", "button", "cite", "code", "data", "datalist", "dfn", "em", "embed", "i", "img",
        "input", "kbd", "label", "mark", "math", "meter", "noscript", "object", "output", "progress", "q", "ruby", "samp",
        "script", "select", "small", "span", "strong", "sub", "sup", "textarea", "time", "var", "wbr",
    ];
}
