using System.Text;
using System.Text.RegularExpressions;

namespace Harvester.Core.Extraction;

/// <summary>
/// Turns page bytes into text. Order: byte-order mark; the HTTP charset; strict UTF-8 when the bytes are valid
/// UTF-8 (the dataset's files are UTF-8 whatever their &lt;meta&gt; says); the &lt;meta&gt; declaration; statistical
/// sniffing (UTF.Unknown); windows-1252, as browsers default.
/// </summary>
public static partial class HtmlDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static HtmlDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The decoded text and how the encoding was chosen.</summary>
    public sealed record DecodedPage(string Text, Encoding Encoding, string Source, IReadOnlyList<string> Warnings);

    public static DecodedPage Decode(byte[] bytes, string? transportCharset = null)
    {
        var warnings = new List<string>();
        var span = bytes.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new(StrictOrReplace(bytes, 3, Encoding.UTF8, warnings), Encoding.UTF8, "byte-order mark", warnings);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2), Encoding.Unicode, "byte-order mark", warnings);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2), Encoding.BigEndianUnicode, "byte-order mark", warnings);

        if (ForLabel(transportCharset) is { } transport) return new(transport.GetString(bytes), transport, "HTTP header", warnings);

        try
        {
            return new(StrictUtf8.GetString(bytes), Encoding.UTF8, "valid UTF-8", warnings);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: go on with the page's own declaration.
        }

        if (ForLabel(MetaCharset(bytes)) is { } declared && declared.CodePage != Encoding.UTF8.CodePage)
        {
            return new(declared.GetString(bytes), declared, "meta declaration", warnings);
        }

        var detected = UtfUnknown.CharsetDetector.DetectFromBytes(bytes).Detected;
        if (detected?.Encoding is { } sniffed && detected.Confidence >= 0.5 && sniffed.CodePage != Encoding.UTF8.CodePage)
        {
            warnings.Add($"charset guessed as {sniffed.WebName} ({detected.Confidence:P0} confidence)");
            return new(sniffed.GetString(bytes), sniffed, "sniffed", warnings);
        }

        var fallback = Encoding.GetEncoding(1252);
        warnings.Add("invalid UTF-8 and no usable charset declaration; decoded as windows-1252");
        return new(fallback.GetString(bytes), fallback, "default", warnings);
    }

    private static string StrictOrReplace(byte[] bytes, int offset, Encoding encoding, List<string> warnings)
    {
        try
        {
            return StrictUtf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException)
        {
            warnings.Add("invalid UTF-8 bytes replaced with U+FFFD");
            return encoding.GetString(bytes, offset, bytes.Length - offset);
        }
    }

    /// <summary>The encoding for a WHATWG encoding label, or null when the label is unknown.</summary>
    public static Encoding? ForLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        var name = label.Trim().Trim('"', '\'').ToLowerInvariant();
        name = name switch
        {
            "latin1" or "iso-8859-1" or "iso8859-1" or "ascii" or "us-ascii" or "l1" or "cp1252" or "iso_8859-1" => "windows-1252",
            "utf-16" or "utf-16le" or "utf-16be" => "utf-8", // a byte stream that reached the prescan is not UTF-16
            "gb2312" or "gbk" or "x-gbk" => "gb18030",
            "iso-8859-9" or "latin5" => "windows-1254",
            "tis-620" or "iso-8859-11" => "windows-874",
            _ => name,
        };
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A simplified WHATWG prescan: the first charset declared by a &lt;meta&gt; in the first 4 KiB.</summary>
    private static string? MetaCharset(byte[] bytes)
    {
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var m = MetaCharsetPattern().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex(@"<meta[^>]*?charset\s*=\s*[""']?\s*([A-Za-z0-9_:.\-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharsetPattern();
}
