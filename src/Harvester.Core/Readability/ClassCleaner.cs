using AngleSharp.Dom;
using Harvester.Core.Dom;
using Harvester.Core.Text;

namespace Harvester.Core.Readability;

/// <summary>
/// Readability's <c>_cleanClasses</c>: the article keeps only the classes in <c>CLASSES_TO_PRESERVE</c>
/// (<c>page</c>); an element left with none loses the attribute. The Markdown never shows a class, but html2text
/// reads the serialized article, where a quote left open in raw text reaches into the attributes that follow.
/// </summary>
internal static class ClassCleaner
{
    private const string Preserved = "page";

    public static void Clean(IElement article)
    {
        CleanOne(article);
        foreach (var e in article.DescendantElements()) CleanOne(e);
    }

    private static void CleanOne(IElement e)
    {
        if (e.GetAttribute("class") is not { } value) return;
        var kept = new List<string>();
        int i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && JsText.IsWhiteSpace(value[i])) i++;
            int start = i;
            while (i < value.Length && !JsText.IsWhiteSpace(value[i])) i++;
            if (i > start && value.AsSpan(start, i - start).SequenceEqual(Preserved)) kept.Add(Preserved);
        }
        if (kept.Count > 0) e.SetAttribute("class", string.Join(' ', kept));
        else e.RemoveAttribute("class");
    }
}
