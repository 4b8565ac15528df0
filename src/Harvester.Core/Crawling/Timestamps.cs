using System.Globalization;

namespace Harvester.Core.Crawling;

/// <summary>Wayback timestamps (<c>YYYYMMDDhhmmss</c>, shorter forms padded) as UTC times.</summary>
public static class Timestamps
{
    public static DateTime Parse(string timestamp)
    {
        var digits = timestamp.Length >= 14 ? timestamp[..14] : timestamp.PadRight(14, '0');
        if (digits[4..6] == "00") digits = digits[..4] + "01" + digits[6..];
        if (digits[6..8] == "00") digits = digits[..6] + "01" + digits[8..];
        return DateTime.TryParseExact(digits, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new FormatException($"'{timestamp}' is not a Wayback timestamp");
    }

    public static double SecondsBetween(string a, string b) => Math.Abs((Parse(a) - Parse(b)).TotalSeconds);
}
