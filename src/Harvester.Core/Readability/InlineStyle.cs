namespace Harvester.Core.Readability;

/// <summary>Reads the <c>display</c> property from an inline style attribute, as a browser's CSSOM would report it.</summary>
internal static class InlineStyle
{
    public static bool IsDisplayNone(string? style)
    {
        if (string.IsNullOrEmpty(style) || style.IndexOf("display", StringComparison.OrdinalIgnoreCase) < 0) return false;
        string? display = null;
        foreach (var declaration in style.Split(';'))
        {
            int colon = declaration.IndexOf(':');
            if (colon < 0) continue;
            var name = declaration[..colon].Trim();
            if (!name.Equals("display", StringComparison.OrdinalIgnoreCase)) continue;
            var value = declaration[(colon + 1)..].Trim();
            const string important = "!important";
            if (value.EndsWith(important, StringComparison.OrdinalIgnoreCase)) value = value[..^important.Length].TrimEnd();
            if (value.Length > 0) display = value;
        }
        return display is not null && display.Equals("none", StringComparison.OrdinalIgnoreCase);
    }
}
