namespace Harvester.Core.Readability;

/// <summary>
/// Reads the <c>display</c> property from an inline style attribute as jsdom's CSSOM reports it: the property name
/// is matched exactly (<c>DISPLAY</c> is not <c>display</c>), the value case-insensitively, and a value that is not a
/// display keyword is ignored rather than overriding an earlier one.
/// </summary>
internal static class InlineStyle
{
    private static readonly HashSet<string> DisplayKeywords = new(StringComparer.Ordinal)
    {
        "none", "block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid", "flow-root", "contents",
        "list-item", "run-in", "table", "inline-table", "table-row-group", "table-header-group", "table-footer-group",
        "table-row", "table-cell", "table-column-group", "table-column", "table-caption", "ruby", "ruby-base", "ruby-text",
        "ruby-base-container", "ruby-text-container", "inherit", "initial", "unset", "revert", "-webkit-box", "-webkit-inline-box",
        "-moz-box", "-ms-flexbox", "-webkit-flex",
    };

    public static bool IsDisplayNone(string? style)
    {
        if (string.IsNullOrEmpty(style) || !style.Contains("display", StringComparison.Ordinal)) return false;
        string? display = null;
        foreach (var declaration in style.Split(';'))
        {
            int colon = declaration.IndexOf(':');
            if (colon < 0 || declaration[..colon].Trim() != "display") continue;
            var value = declaration[(colon + 1)..].Trim();
            const string important = "!important";
            if (value.EndsWith(important, StringComparison.OrdinalIgnoreCase)) value = value[..^important.Length].TrimEnd();
            value = value.ToLowerInvariant();
            if (DisplayKeywords.Contains(value)) display = value;
        }
        return display == "none";
    }
}
