using System.Text;

namespace Harvester.Benchmarks;

/// <summary>
/// <c>generated-pages DIR COUNT [SEED]</c>: writes COUNT random dataset-style pages that drive Readability and
/// html2text through their branches: retries (short pages), tables (data and layout), forms, lists, headers that match
/// the title or not, runs of breaks, fonts, noscript and lazy images, iframes and embeds with and without video
/// addresses, hidden nodes, bylines, share widgets, and hrefs of every kind. Markup is left unbalanced on purpose.
/// </summary>
/// <remarks>
/// For differential checks of a change that must not change output: extract the folder with the program before and
/// after (<c>harvester extract DIR --out A</c>), then <c>diff -r A B</c>. The same SEED writes the same pages.
/// </remarks>
internal sealed class GeneratedPages(int seed)
{
    private static readonly string[] Words =
        ("privacy policy we collect data cookies analytics partners share information rights email contact law request " +
         "delete access opt out advertising third parties security retention children").Split(' ');
    private static readonly string[] Classes =
        ["content", "article", "main", "sidebar", "comment", "footer", "share", "social", "byline", "author", "post",
         "entry", "hidden", "nav", "menu", "ad-break", "text", "body", "widget", "lazy", "caption", ""];
    private static readonly string[] Hrefs =
        ["/privacy", "privacy.html", "#top", "", "#", "page.html#", "https://go.example.com?id=1&url=x", "//cdn.example.org/a b",
         "javascript:void(0)", "mailto:a@b.example", "../../up", "?q=1", "http://ex.example/a\\b", " /spaced ",
         "http://bücher.example/", "https://example.com/%7Efoo"];
    private static readonly string[] Inline = ["b", "i", "em", "strong", "code", "span", "font", "u", "abbr"];

    private readonly Random _random = new(seed);

    public static int Write(string folder, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var pages = new GeneratedPages(seed);
        for (int i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(folder, $"generated{i:D5}.html"), pages.Page(i), new UTF8Encoding(false));
        }
        Console.WriteLine($"{count} pages written to {folder} (seed {seed})");
        return 0;
    }

    private bool Chance(double p) => _random.NextDouble() < p;
    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private string Page(int index)
    {
        var title = Sentence(_random.Next(1, 13));
        if (Chance(0.3)) title += Pick([" | Site", " - Privacy", ": Our policy", " » Home"]);
        var head = new StringBuilder($"<title>{title}</title>");
        if (Chance(0.1)) head.Append("<base href=\"https://other.example/dir/\">");
        if (Chance(0.1)) head.Append("<script type=\"application/ld+json\">{\"@type\":\"Article\",\"headline\":\"LD title\"}</script>");
        var body = new StringBuilder();
        int blocks = _random.Next(1, Chance(0.8) ? 26 : 4);
        for (int b = 0; b < blocks; b++) body.Append(Block(0));
        var page =
            $"<!--The following is the downloaded HTML source of the generated{index}.example privacy policy that was archived on 2018-09-28.\n" +
            $" Please check the original snapshot on the Wayback Machine (https://web.archive.org/web/20180928202050id_/http%3A//generated{index}.example/dir/privacy) for the most accurate reproduction.-->\n\n" +
            $"<!DOCTYPE html><html><head>{head}</head><body{Attributes()}>{body}</body></html>";
        return page.Length > 200_000 ? page[..200_000] : page;   // a page cut short is a fine case too
    }

    private string Sentence(int words = 0)
    {
        if (words == 0) words = _random.Next(3, 31);
        var s = string.Join(' ', Enumerable.Range(0, words).Select(_ => Pick(Words)));
        if (Chance(0.5)) s += Pick([".", ",", "!", "?", ";", ":"]);
        if (Chance(0.2))
        {
            int space = s.IndexOf(' ', StringComparison.Ordinal);
            if (space >= 0) s = s[..space] + Pick(["&nbsp;", " &amp; ", "\n", "  ", " <b>x</b> ", " _y_ ", " *z* "]) + s[(space + 1)..];
        }
        return s;
    }

    private string Attributes()
    {
        var a = new StringBuilder();
        if (Chance(0.4)) a.Append($" class=\"{Pick(Classes)}\"");
        if (Chance(0.2)) a.Append($" id=\"{Pick(Classes)}\"");
        if (Chance(0.05)) a.Append(" style=\"display:none\"");
        if (Chance(0.03)) a.Append(" hidden");
        if (Chance(0.05)) a.Append(" align=\"center\" width=\"100\"");
        return a.ToString();
    }

    private string InlineContent()
    {
        double r = _random.NextDouble();
        if (r < 0.3) return Sentence();
        if (r < 0.45) return $"<a href=\"{Pick(Hrefs)}\"{Attributes()}>{Sentence(_random.Next(1, 6))}</a>";
        if (r < 0.55)
        {
            var open = Pick(Inline);
            return $"<{(open == "abbr" ? "abbr title=\"t\"" : open)}>{Sentence(3)}</{Pick(Inline)}>";
        }
        if (r < 0.65) return string.Concat(Enumerable.Repeat("<br>", _random.Next(1, 4)));
        if (r < 0.7) return $"<img src=\"{Pick(["a.jpg", "data:image/png;base64,AAAA", ""])}\" data-src=\"b.jpg\"{Attributes()}>";
        if (r < 0.75) return "<noscript><img src=\"real.jpg\"></noscript>";
        return Sentence();
    }

    private string Inlines() => string.Concat(Enumerable.Range(0, _random.Next(1, 7)).Select(_ => InlineContent()));
    private string Blocks(int depth) => string.Concat(Enumerable.Range(0, _random.Next(1, 6)).Select(_ => Block(depth + 1)));

    private string Block(int depth)
    {
        if (depth > _random.Next(2, 6)) return "<p>" + Sentence() + "</p>";
        double r = _random.NextDouble();
        if (r < 0.25) return $"<p{Attributes()}>{Inlines()}</p>";
        if (r < 0.45) return $"<div{Attributes()}>{(Chance(0.6) ? Blocks(depth) : Inlines())}</div>";
        if (r < 0.5) return $"<{Pick(["h1", "h2", "h3", "h4"])}{Attributes()}>{Sentence(_random.Next(1, 9))}</h2>";
        if (r < 0.56) return $"<ul{Attributes()}>" + string.Concat(Enumerable.Range(0, _random.Next(1, 7)).Select(_ => $"<li>{Inlines()}</li>")) + "</ul>";
        if (r < 0.6) return $"<ol start=\"{Pick(["3", "x", "-1"])}\">" + string.Concat(Enumerable.Range(0, _random.Next(1, 5)).Select(_ => $"<li>{Inlines()}</li>")) + "</ol>";
        if (r < 0.66)
        {
            int rows = _random.Next(1, 13), columns = _random.Next(1, 7);
            var table = new StringBuilder($"<table{Attributes()}>");
            if (Chance(0.2)) table.Append("<caption>c</caption>");
            for (int row = 0; row < rows; row++)
            {
                table.Append("<tr>");
                for (int column = 0; column < columns; column++) table.Append("<td>").Append(Chance(0.7) ? Inlines() : Blocks(depth)).Append("</td>");
                table.Append("</tr>");
            }
            return table.Append("</table>").ToString();
        }
        if (r < 0.69) return $"<form{Attributes()}><input type=text><button>{Sentence(2)}</button><select><option>a</option></select><textarea>t</textarea></form>";
        if (r < 0.72) return $"<iframe src=\"{Pick(["https://www.youtube.com/embed/x", "ad.html"])}\"></iframe>";
        if (r < 0.75) return $"<section{Attributes()}>{Blocks(depth)}</section>";
        if (r < 0.78) return $"<blockquote>{Inlines()}</blockquote>";
        if (r < 0.8) return $"<pre>{Sentence()}\n  {Sentence()}</pre>";
        if (r < 0.82) return $"<figure class=\"lazy\" data-src=\"f.jpg\">{Sentence(2)}</figure>";
        if (r < 0.84) return $"<aside>{Inlines()}</aside><footer>{Inlines()}</footer>";
        if (r < 0.86) return $"<article{Attributes()}>{Blocks(depth)}</article>";
        if (r < 0.88) return "<script>var x = '<p>no</p>';</script><style>p {}</style>";
        if (r < 0.9) return "<object data=\"x.swf\"></object><embed src=\"https://player.vimeo.com/v\">";
        if (r < 0.92) return $"<dl><dt>{Sentence(2)}</dt><dd>{Sentence()}</dd></dl>";
        if (r < 0.94) return $"<center>{Inlines()}</center>";
        if (r < 0.96) return $"<div rel=\"author\">{Sentence(3)}</div>";
        return Inlines();
    }
}
