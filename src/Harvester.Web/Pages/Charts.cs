using System.Globalization;
using System.Text;
using static Harvester.Web.Pages.Html;

namespace Harvester.Web.Pages;

/// <summary>Charts drawn on the server as inline SVG: no script, no library, nothing fetched.</summary>
public static class Charts
{
    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Bars for labelled values (policies found per half-year).</summary>
    public static string Bars(string title, IReadOnlyList<(string Label, int Value)> points, string unit)
    {
        if (points.Count == 0) return $"<p class=\"empty\">{E(title)}: nothing stored yet.</p>";
        const double width = 720, height = 180, left = 48, bottom = 28;
        double max = Math.Max(1, points.Max(p => p.Value)), bar = (width - left) / points.Count;
        var svg = new StringBuilder($"<figure class=\"chart\"><svg role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {F(width)} {F(height)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append($"<title>{E(title)}</title>");
        svg.Append($"<text class=\"axis\" x=\"0\" y=\"12\">{E(F(max))}</text><text class=\"axis\" x=\"0\" y=\"{F(height - bottom)}\">0</text>");
        for (int i = 0; i < points.Count; i++)
        {
            double h = (height - bottom - 16) * points[i].Value / max, x = left + i * bar, y = height - bottom - h;
            svg.Append($"<rect class=\"bar\" x=\"{F(x + 1)}\" y=\"{F(y)}\" width=\"{F(Math.Max(1, bar - 2))}\" height=\"{F(h)}\"><title>{E(points[i].Label)}: {E(points[i].Value)} {E(unit)}</title></rect>");
            if (points.Count <= 12 || i % Math.Max(1, points.Count / 10) == 0)
            {
                svg.Append($"<text class=\"axis\" x=\"{F(x)}\" y=\"{F(height - 8)}\">{E(points[i].Label)}</text>");
            }
        }
        return svg.Append($"</svg><figcaption>{E(title)}</figcaption></figure>").ToString();
    }

    /// <summary>A line through labelled values (a policy's length over time, the median length per year).</summary>
    public static string Line(string title, IReadOnlyList<(string Label, int Value)> points, string unit)
    {
        if (points.Count == 0) return $"<p class=\"empty\">{E(title)}: nothing stored yet.</p>";
        const double width = 720, height = 180, left = 56, bottom = 28;
        double max = Math.Max(1, points.Max(p => p.Value)), step = points.Count == 1 ? 0 : (width - left - 16) / (points.Count - 1);
        var svg = new StringBuilder($"<figure class=\"chart\"><svg role=\"img\" aria-label=\"{E(title)}\" viewBox=\"0 0 {F(width)} {F(height)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append($"<title>{E(title)}</title>");
        svg.Append($"<text class=\"axis\" x=\"0\" y=\"12\">{E(F(max))}</text><text class=\"axis\" x=\"0\" y=\"{F(height - bottom)}\">0</text>");
        var coordinates = points.Select((p, i) => (X: left + i * step, Y: height - bottom - (height - bottom - 16) * p.Value / max)).ToList();
        svg.Append($"<polyline class=\"line\" points=\"{string.Join(' ', coordinates.Select(c => $"{F(c.X)},{F(c.Y)}"))}\"/>");
        for (int i = 0; i < points.Count; i++)
        {
            svg.Append($"<circle class=\"dot\" cx=\"{F(coordinates[i].X)}\" cy=\"{F(coordinates[i].Y)}\" r=\"3\"><title>{E(points[i].Label)}: {E(points[i].Value)} {E(unit)}</title></circle>");
            if (points.Count <= 12 || i % Math.Max(1, points.Count / 10) == 0)
            {
                svg.Append($"<text class=\"axis\" x=\"{F(coordinates[i].X - 12)}\" y=\"{F(height - 8)}\">{E(points[i].Label)}</text>");
            }
        }
        return svg.Append($"</svg><figcaption>{E(title)}</figcaption></figure>").ToString();
    }

    /// <summary>A strip of a site's half-years, each coloured by its outcome, linking to its version when it has one.</summary>
    public static string Timeline(string site, IReadOnlyList<(string HalfYear, string Outcome, int? Version)> halfYears)
    {
        if (halfYears.Count == 0) return "<p class=\"empty\">No half-year crawled yet.</p>";
        const double cell = 22, height = 34;
        var svg = new StringBuilder($"<figure class=\"timeline\"><svg role=\"img\" aria-label=\"half-years of {E(site)}\" width=\"{F(cell * halfYears.Count)}\" height=\"{F(height + 14)}\" viewBox=\"0 0 {F(cell * halfYears.Count)} {F(height + 14)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        for (int i = 0; i < halfYears.Count; i++)
        {
            var (label, outcome, version) = halfYears[i];
            var rect = $"<rect class=\"outcome-{E(outcome)}\" x=\"{F(i * cell)}\" y=\"0\" width=\"{F(cell - 2)}\" height=\"{F(height)}\"><title>{E(label)}: {E(outcome)}{(version is { } v ? $", v{v}" : string.Empty)}</title></rect>";
            svg.Append(version is { } n ? $"<a href=\"/sites/{E(site)}/v/{n}\">{rect}</a>" : rect);
            if (label.EndsWith('A') && label.Length == 5 && (halfYears.Count <= 24 || int.Parse(label[..4], CultureInfo.InvariantCulture) % 2 == 0))
            {
                svg.Append($"<text class=\"axis\" x=\"{F(i * cell)}\" y=\"{F(height + 12)}\">{E(label[..4])}</text>");
            }
        }
        svg.Append("</svg><figcaption>");
        foreach (var outcome in halfYears.Select(h => h.Outcome).Distinct()) svg.Append($"<span class=\"key outcome-{E(outcome)}\">{E(outcome)}</span> ");
        return svg.Append("</figcaption></figure>").ToString();
    }
}
