namespace Harvester.Core.Extraction;

/// <summary>Recognises bytes that are certainly not an HTML page (images, archives, PDFs, other binary data).</summary>
internal static class BinarySniffer
{
    private static readonly (byte[] Magic, string Kind)[] Signatures =
    [
        ("%PDF-"u8.ToArray(), "PDF document"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "PNG image"),
        ("GIF8"u8.ToArray(), "GIF image"),
        ([0xFF, 0xD8, 0xFF], "JPEG image"),
        ("PK\u0003\u0004"u8.ToArray(), "ZIP archive"),
        ([0x1F, 0x8B], "gzip data"),
        ("RIFF"u8.ToArray(), "RIFF media"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "ELF executable"),
    ];

    /// <summary>What the bytes are when they are not text, or null when they may be a page.</summary>
    public static string? Describe(byte[] bytes)
    {
        foreach (var (magic, kind) in Signatures)
        {
            if (bytes.AsSpan().StartsWith(magic)) return kind;
        }
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 8192));
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return null; // UTF-16
        int control = 0;
        foreach (var b in head)
        {
            if (b < 0x09 || (b > 0x0D && b < 0x20 && b != 0x1B)) control++;
        }
        // Text, in any single-byte or UTF-8 encoding, has next to no control bytes; a stray NUL is tolerated.
        return control > Math.Max(4, head.Length / 20) ? "binary data, not text" : null;
    }
}
