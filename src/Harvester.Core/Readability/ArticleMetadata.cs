using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Harvester.Core.Dom;
using Harvester.Core.Text;
using static Harvester.Core.Readability.ReadabilityPatterns;

namespace Harvester.Core.Readability;

/// <summary>
/// The article title as Readability 0.3.0 determines it (JSON-LD, then meta tags, then <c>_getArticleTitle</c>).
/// Readability uses it to drop an &lt;h2&gt; that repeats the title.
/// </summary>
internal static partial class ArticleMetadata
{
    public static string? JsonLdTitle(IDocument doc)
    {
        var script = doc.ElementsByTagName("script").FirstOrDefault(s => s.GetAttribute("type") == "application/ld+json");
        if (script is null) return null;
        try
        {
            var content = CdataMarkers().Replace(script.GetTextContent(), string.Empty);
            using var json = JsonDocument.Parse(content);
            var parsed = json.RootElement;
            if (parsed.ValueKind != JsonValueKind.Object) return null;
            if (!parsed.TryGetProperty("@context", out var context) || !IsTruthy(context)) return null;
            if (context.ValueKind != JsonValueKind.String || !SchemaOrgContext.IsMatch(context.GetString()!)) return null;

            if ((!parsed.TryGetProperty("@type", out var type) || !IsTruthy(type)) &&
                parsed.TryGetProperty("@graph", out var graph) && graph.ValueKind == JsonValueKind.Array)
            {
                JsonElement? found = null;
                foreach (var item in graph.EnumerateArray())
                {
                    var itemType = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("@type", out var t) && IsTruthy(t) ? t : default;
                    if (itemType.ValueKind is JsonValueKind.Undefined)
                    {
                        continue;
                    }
                    if (itemType.ValueKind != JsonValueKind.String) return null; // .match on a non-string throws in Readability
                    if (JsonLdArticleTypes.IsMatch(itemType.GetString()!))
                    {
                        found = item;
                        break;
                    }
                }
                if (found is null) return null;
                parsed = found.Value;
            }

            if (!parsed.TryGetProperty("@type", out type) || type.ValueKind != JsonValueKind.String ||
                !JsonLdArticleTypes.IsMatch(type.GetString()!))
            {
                return null;
            }
            if (parsed.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) return JsText.Trim(name.GetString()!);
            if (parsed.TryGetProperty("headline", out var headline) && headline.ValueKind == JsonValueKind.String) return JsText.Trim(headline.GetString()!);
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTruthy(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => false,
        JsonValueKind.String => e.GetString()!.Length > 0,
        JsonValueKind.Number => e.GetDouble() != 0,
        _ => true,
    };

    public static string Title(IDocument doc, string? jsonLdTitle)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meta in doc.ElementsByTagName("meta"))
        {
            var content = meta.GetAttribute("content");
            if (string.IsNullOrEmpty(content)) continue;
            var elementName = meta.GetAttribute("name");
            var elementProperty = meta.GetAttribute("property");
            bool matched = false;
            if (!string.IsNullOrEmpty(elementProperty))
            {
                var matches = MetaProperty.Matches(elementProperty);
                matched = matches.Count > 0;
                for (int i = matches.Count - 1; i >= 0; i--)
                {
                    values[RemoveWhiteSpace(matches[i].Value.ToLowerInvariant())] = JsText.Trim(content);
                }
            }
            if (!matched && !string.IsNullOrEmpty(elementName) && MetaName.IsMatch(elementName))
            {
                values[RemoveWhiteSpace(elementName.ToLowerInvariant()).Replace('.', ':')] = JsText.Trim(content);
            }
        }

        string? title = FirstNonEmpty(jsonLdTitle, values, "dc:title", "dcterm:title", "og:title", "weibo:article:title",
            "weibo:webpage:title", "title", "twitter:title");
        if (string.IsNullOrEmpty(title)) title = ArticleTitle(doc);
        return UnescapeHtmlEntities(title);
    }

    private static string? FirstNonEmpty(string? first, Dictionary<string, string> values, params string[] keys)
    {
        if (!string.IsNullOrEmpty(first)) return first;
        foreach (var key in keys)
        {
            if (values.TryGetValue(key, out var v) && v.Length > 0) return v;
        }
        return null;
    }

    private static string RemoveWhiteSpace(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (!JsText.IsWhiteSpace(c)) sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary><c>document.title</c>: the first HTML title element's own text, ASCII white space stripped and collapsed.</summary>
    public static string DocumentTitle(IDocument doc)
    {
        var title = doc.DescendantElements().FirstOrDefault(e => e.IsHtml(TagNames.Title));
        if (title is null) return string.Empty;
        var sb = new StringBuilder();
        foreach (var child in title.ChildNodes)
        {
            if (child is IText text) sb.Append(text.Data);
        }
        return StripAndCollapseAsciiWhitespace(sb.ToString());
    }

    private static string StripAndCollapseAsciiWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool pendingSpace = false;
        foreach (var c in s)
        {
            if (HtmlSpace.Is(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary><c>_getArticleTitle</c>.</summary>
    private static string ArticleTitle(IDocument doc)
    {
        string origTitle = JsText.Trim(DocumentTitle(doc));
        string curTitle = origTitle;
        bool titleHadHierarchicalSeparators = false;

        if (TitleSeparator.IsMatch(curTitle))
        {
            titleHadHierarchicalSeparators = TitleHierarchicalSeparator.IsMatch(curTitle);
            curTitle = TitleDropLastPart.Replace(origTitle, "$1");
            if (JsText.SplitWhiteSpaceCount(curTitle) < 3) curTitle = TitleDropFirstPart.Replace(origTitle, "$1");
        }
        else if (curTitle.Contains(": ", StringComparison.Ordinal))
        {
            var trimmedTitle = JsText.Trim(curTitle);
            bool match = doc.ElementsByTagNames("h1", "h2").Any(h => JsText.Trim(h.GetTextContent()) == trimmedTitle);
            if (!match)
            {
                curTitle = origTitle[(origTitle.LastIndexOf(':') + 1)..];
                if (JsText.SplitWhiteSpaceCount(curTitle) < 3)
                {
                    curTitle = origTitle[(origTitle.IndexOf(':') + 1)..];
                }
                else if (JsText.SplitWhiteSpaceCount(origTitle[..origTitle.IndexOf(':')]) > 5)
                {
                    curTitle = origTitle;
                }
            }
        }
        else if (curTitle.Length > 150 || curTitle.Length < 15)
        {
            var hOnes = doc.ElementsByTagName("h1");
            if (hOnes.Count == 1) curTitle = ReadabilityNodes.InnerText(hOnes[0]);
        }

        curTitle = JsText.TrimAndCollapse(curTitle);
        int curTitleWordCount = JsText.SplitWhiteSpaceCount(curTitle);
        if (curTitleWordCount <= 4 &&
            (!titleHadHierarchicalSeparators ||
             curTitleWordCount != JsText.SplitWhiteSpaceCount(TitleSeparators.Replace(origTitle, string.Empty)) - 1))
        {
            curTitle = origTitle;
        }
        return curTitle;
    }

    private static string UnescapeHtmlEntities(string s)
    {
        if (s.Length == 0) return s;
        s = NamedEscapes().Replace(s, m => m.Groups[1].Value switch
        {
            "quot" => "\"",
            "amp" => "&",
            "apos" => "'",
            "lt" => "<",
            _ => ">",
        });
        return NumericEscapes().Replace(s, m =>
        {
            int code = m.Groups[1].Success
                ? Convert.ToInt32(m.Groups[1].Value, 16)
                : int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return ((char)(code & 0xFFFF)).ToString();
        });
    }

    [GeneratedRegex(@"^\s*<!\[CDATA\[|\]\]>\s*$")]
    private static partial Regex CdataMarkers();

    [GeneratedRegex("&(quot|amp|apos|lt|gt);")]
    private static partial Regex NamedEscapes();

    [GeneratedRegex("&#(?:x([0-9a-z]{1,4})|([0-9]{1,4}));", RegexOptions.IgnoreCase)]
    private static partial Regex NumericEscapes();
}
