using System.Text.RegularExpressions;

namespace Harvester.Core.Readability;

/// <summary>The regular expressions and tag lists of Readability.js 0.3.0, verbatim.</summary>
internal static partial class ReadabilityPatterns
{
    // Source-generated: compiled ahead of time (ReadyToRun) instead of by Reflection.Emit at start-up, as RegexOptions.Compiled did.
    public static Regex UnlikelyCandidates => UnlikelyCandidatesPattern();
    public static Regex OkMaybeItsACandidate => OkMaybeItsACandidatePattern();
    public static Regex Positive => PositivePattern();
    public static Regex Negative => NegativePattern();
    public static Regex Byline => BylinePattern();
    public static Regex Videos => VideosPattern();
    public static Regex ShareElements => ShareElementsPattern();
    public static Regex SentenceEnd => SentenceEndPattern();
    public static Regex B64DataUrl => B64DataUrlPattern();
    public static Regex Base64Marker => Base64MarkerPattern();
    public static Regex ImageExtension => ImageExtensionPattern();
    public static Regex SrcsetValue => SrcsetValuePattern();
    public static Regex SrcValue => SrcValuePattern();
    public static Regex JsonLdArticleTypes => JsonLdArticleTypesPattern();
    public static Regex SchemaOrgContext => SchemaOrgContextPattern();
    public static Regex MetaProperty => MetaPropertyPattern();
    public static Regex MetaName => MetaNamePattern();
    public static Regex TitleSeparator => TitleSeparatorPattern();
    public static Regex TitleHierarchicalSeparator => TitleHierarchicalSeparatorPattern();
    public static Regex TitleDropLastPart => TitleDropLastPartPattern();
    public static Regex TitleDropFirstPart => TitleDropFirstPartPattern();
    public static Regex TitleSeparators => TitleSeparatorsPattern();

    [GeneratedRegex("-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnlikelyCandidatesPattern();

    [GeneratedRegex("and|article|body|column|content|main|shadow", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OkMaybeItsACandidatePattern();

    [GeneratedRegex("article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PositivePattern();

    [GeneratedRegex("hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegativePattern();

    [GeneratedRegex("byline|author|dateline|writtenby|p-author", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BylinePattern();

    [GeneratedRegex(@"\/\/(www\.)?((dailymotion|youtube|youtube-nocookie|player\.vimeo|v\.qq)\.com|(archive|upload\.wikimedia)\.org|player\.twitch\.tv)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VideosPattern();

    [GeneratedRegex(@"(\b|_)(share|sharedaddy)(\b|_)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareElementsPattern();

    [GeneratedRegex(@"\.( |$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEndPattern();

    [GeneratedRegex(@"^data:\s*([^\s;,]+)\s*;\s*base64\s*,", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex B64DataUrlPattern();

    [GeneratedRegex(@"base64\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Base64MarkerPattern();

    [GeneratedRegex(@"\.(jpg|jpeg|png|webp)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImageExtensionPattern();

    [GeneratedRegex(@"\.(jpg|jpeg|png|webp)\s+\d", RegexOptions.CultureInvariant)]
    private static partial Regex SrcsetValuePattern();

    [GeneratedRegex(@"^\s*\S+\.(jpg|jpeg|png|webp)\S*\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SrcValuePattern();

    [GeneratedRegex("^Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonLdArticleTypesPattern();

    [GeneratedRegex(@"^https?\:\/\/schema\.org$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaOrgContextPattern();

    [GeneratedRegex(@"\s*(dc|dcterm|og|twitter)\s*:\s*(author|creator|description|title|site_name)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaPropertyPattern();

    [GeneratedRegex(@"^\s*(?:(dc|dcterm|og|twitter|weibo:(article|webpage))\s*[\.:]\s*)?(author|creator|description|title|site_name)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaNamePattern();

    [GeneratedRegex(@" [\|\-\\\/>»] ", RegexOptions.CultureInvariant)]
    private static partial Regex TitleSeparatorPattern();

    [GeneratedRegex(@" [\\\/>»] ", RegexOptions.CultureInvariant)]
    private static partial Regex TitleHierarchicalSeparatorPattern();

    [GeneratedRegex(@"(.*)[\|\-\\\/>»] .*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitleDropLastPartPattern();

    [GeneratedRegex(@"[^\|\-\\\/>»]*[\|\-\\\/>»](.*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitleDropFirstPartPattern();

    [GeneratedRegex(@"[\|\-\\\/>»]+", RegexOptions.CultureInvariant)]
    private static partial Regex TitleSeparatorsPattern();

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
