namespace Harvester.Core.Crawling;

/// <summary>Wayback timestamps (<c>YYYYMMDDhhmmss</c>, shorter forms padded) as UTC times.</summary>
public static class Timestamps
{
    /// <summary>
    /// The first fourteen characters (a shorter timestamp padded with zeros), month or day <c>00</c> read as <c>01</c>.
    /// Read digit by digit: choosing captures parses every candidate's timestamp for every half-year.
    /// </summary>
    /// <exception cref="FormatException">Not digits, or not a date and time.</exception>
    public static DateTime Parse(string timestamp)
    {
        int year = Digits(timestamp, 0, 4), month = Digits(timestamp, 4, 2), day = Digits(timestamp, 6, 2);
        int hour = Digits(timestamp, 8, 2), minute = Digits(timestamp, 10, 2), second = Digits(timestamp, 12, 2);
        if (month == 0) month = 1;
        if (day == 0) day = 1;
        if (year < 1 || month > 12 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            throw Invalid(timestamp);
        }
        return new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
    }

    public static double SecondsBetween(string a, string b) => Math.Abs((Parse(a) - Parse(b)).TotalSeconds);

    private static int Digits(string timestamp, int start, int count)
    {
        int value = 0;
        for (int i = start; i < start + count; i++)
        {
            char c = i < timestamp.Length ? timestamp[i] : '0';
            if (!char.IsAsciiDigit(c)) throw Invalid(timestamp);
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static FormatException Invalid(string timestamp) => new($"'{timestamp}' is not a Wayback timestamp");
}
