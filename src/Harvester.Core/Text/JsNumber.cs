namespace Harvester.Core.Text;

/// <summary>Number parsing with JavaScript's semantics.</summary>
internal static class JsNumber
{
    /// <summary><c>parseInt(value, 10)</c>, with NaN and absent values as 0 (how Readability uses it).</summary>
    public static int ParseIntOrZero(string? value)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        int i = 0;
        while (i < value.Length && JsText.IsWhiteSpace(value[i])) i++;
        bool negative = false;
        if (i < value.Length && (value[i] == '+' || value[i] == '-'))
        {
            negative = value[i] == '-';
            i++;
        }
        long result = 0;
        int start = i;
        while (i < value.Length && value[i] is >= '0' and <= '9' && result < int.MaxValue)
        {
            result = result * 10 + (value[i] - '0');
            i++;
        }
        if (i == start) return 0;
        result = Math.Min(result, int.MaxValue);
        return (int)(negative ? -result : result);
    }
}
