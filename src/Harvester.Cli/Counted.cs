using System.Globalization;

namespace Harvester.Cli;

/// <summary>A count with its noun in the right number: <c>1 half-year</c>, <c>2 half-years</c>.</summary>
internal static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString("N0", CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? singular + "s");
}
