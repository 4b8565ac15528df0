using System.Globalization;

namespace Harvester.Core.Crawling;

/// <summary>
/// A half-year crawl interval, as the original crawl used: A = January–June (target April 1),
/// B = July–December (target October 1). Written <c>2019A</c>, <c>2019B</c>.
/// </summary>
public readonly record struct HalfYear(int Year, bool SecondHalf) : IComparable<HalfYear>
{
    public string Label => Year.ToString("D4", CultureInfo.InvariantCulture) + (SecondHalf ? "B" : "A");

    /// <summary>First moment of the interval (UTC).</summary>
    public DateTime Start => new(Year, SecondHalf ? 7 : 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>First moment after the interval (UTC).</summary>
    public DateTime End => SecondHalf ? new DateTime(Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc) : new DateTime(Year, 7, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The capture time the crawl aims for: April 1 or October 1.</summary>
    public DateTime Target => new(Year, SecondHalf ? 10 : 4, 1, 0, 0, 0, DateTimeKind.Utc);

    public string TargetTimestamp => Target.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public bool Contains(string timestamp) => Timestamps.Parse(timestamp) is var t && t >= Start && t < End;

    public static HalfYear Of(string timestamp)
    {
        var t = Timestamps.Parse(timestamp);
        return new HalfYear(t.Year, t.Month >= 7);
    }

    public static HalfYear Parse(string label)
    {
        if (label.Length == 5 && int.TryParse(label[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year) && label[4] is 'A' or 'B')
        {
            return new HalfYear(year, label[4] == 'B');
        }
        throw new FormatException($"'{label}' is not a half-year (YYYYA or YYYYB)");
    }

    /// <summary>Every half-year from <paramref name="fromYear"/> A to <paramref name="toYear"/> B that has ended before <paramref name="now"/>.</summary>
    public static IEnumerable<HalfYear> Between(int fromYear, int toYear, DateTime now)
    {
        for (int year = fromYear; year <= toYear; year++)
        {
            foreach (var second in new[] { false, true })
            {
                var interval = new HalfYear(year, second);
                if (interval.End <= now) yield return interval;
            }
        }
    }

    public int CompareTo(HalfYear other) => Year != other.Year ? Year.CompareTo(other.Year) : SecondHalf.CompareTo(other.SecondHalf);

    public override string ToString() => Label;
}
