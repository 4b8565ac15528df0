using System.Security.Cryptography;
using System.Text;

namespace Harvester.Core.Versioning;

/// <summary>
/// What makes two extractions "the same policy": the Markdown without its first line (the provenance quote, which
/// names the capture date and address and so changes with every capture).
/// </summary>
public static class PolicyText
{
    public static string Body(string markdown) => markdown[BodyStart(markdown)..];

    /// <summary>The body's length in characters, without copying it.</summary>
    public static int BodyLength(string markdown) => markdown.Length - BodyStart(markdown);

    /// <summary>
    /// Whether the policy text contains <paramref name="text"/> (case-insensitive): the body only, never the provenance
    /// line Harvester wrote, whose URL would otherwise match "privacy" in every version.
    /// </summary>
    public static bool Contains(string markdown, string text) =>
        markdown.AsSpan(BodyStart(markdown)).Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where the body starts: after the first line's newline (the end for a one-line Markdown).</summary>
    private static int BodyStart(string markdown)
    {
        int newline = markdown.IndexOf('\n');
        return newline < 0 ? markdown.Length : newline + 1;
    }

    /// <summary>SHA-256 of the body, lower-case hex.</summary>
    public static string Hash(string markdown) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Body(markdown))));
}
