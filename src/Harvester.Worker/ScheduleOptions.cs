using System.ComponentModel.DataAnnotations;
using Cronos;

namespace Harvester.Worker;

/// <summary>The <c>Schedule</c> settings section: recurring re-crawls of a long-running worker.</summary>
public sealed class ScheduleOptions : IValidatableObject
{
    public const string Section = "Schedule";

    /// <summary>
    /// When to queue every site's newly ended half-years, as a cron expression in UTC (five fields, or six with
    /// seconds). Default <c>0 4 1 * *</c>: 04:00 on the first of each month. Empty turns re-crawls off.
    /// </summary>
    public string Recrawl { get; set; } = "0 4 1 * *";

    /// <summary>The parsed <see cref="Recrawl"/>, or null when re-crawls are off.</summary>
    public CronExpression? RecrawlExpression => string.IsNullOrWhiteSpace(Recrawl) ? null : Parse(Recrawl);

    private static CronExpression Parse(string text) =>
        CronExpression.Parse(text.Trim(), text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Recrawl)) yield break;
        string? problem = null;
        try
        {
            Parse(Recrawl);
        }
        catch (CronFormatException e)
        {
            problem = e.Message;
        }
        if (problem is not null) yield return new ValidationResult($"The Recrawl field '{Recrawl}' is not a cron expression: {problem}", [nameof(Recrawl)]);
    }
}
