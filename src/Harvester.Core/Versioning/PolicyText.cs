using System.Security.Cryptography;
using System.Text;

namespace Harvester.Core.Versioning;

/// <summary>
/// What makes two extractions "the same policy": the Markdown without its first line (the provenance quote, which
/// names the capture date and address and so changes with every capture).
/// </summary>
public static class PolicyText
{
    public static string Body(string markdown)
    {
        int newline = markdown.IndexOf('\n');
        return newline < 0 ? string.Empty : markdown[(newline + 1)..];
    }

    /// <summary>
    /// Whether the policy text contains <paramref name="text"/> (case-insensitive): the body only, never the provenance
    /// line Harvester wrote, whose URL would otherwise match "privacy" in every version.
    /// </summary>
    public static bool Contains(string markdown, string text)
    {
        int newline = markdown.IndexOf('\n');
        return newline >= 0 && markdown.AsSpan(newline + 1).Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>SHA-256 of the body, lower-case hex.</summary>
    public static string Hash(string markdown) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body(markdown))));
}
