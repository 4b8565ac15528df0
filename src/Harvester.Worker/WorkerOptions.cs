using System.ComponentModel.DataAnnotations;

namespace Harvester.Worker;

/// <summary>The <c>Worker</c> settings section: how <c>harvester run</c> drains the queue.</summary>
public sealed class WorkerOptions : IValidatableObject
{
    public const string Section = "Worker";

    /// <summary>Sites crawled at once. They share the archive client's rate limits, so more mainly hides latency. Default 4.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>After a stop signal, how long jobs in flight may run on before they are cut off and queued again. Default 30 s.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks for due jobs. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the worker writes its heartbeat file. Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The web app the worker hosts while it runs (Worker:Http:Urls); none when not set.</summary>
    public WorkerHttpOptions Http { get; set; } = new();

    /// <summary>How long a job's lease lasts; it is renewed every third of that while the job runs. Default 10 min.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Log lines as <c>text</c> (default) or <c>json</c> (one JSON object per line).</summary>
    [RegularExpression("^(text|json)$", ErrorMessage = "The LogFormat field must be text or json.")]
    public string LogFormat { get; set; } = "text";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GracePeriod < TimeSpan.Zero || GracePeriod > TimeSpan.FromHours(1))
            yield return new ValidationResult("The GracePeriod field must be between 00:00:00 and 01:00:00.", [nameof(GracePeriod)]);
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromHours(1))
            yield return new ValidationResult("The PollInterval field must be between 00:00:00.01 and 01:00:00.", [nameof(PollInterval)]);
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100) || HeartbeatInterval > TimeSpan.FromMinutes(10))
            yield return new ValidationResult("The HeartbeatInterval field must be between 00:00:00.1 and 00:10:00.", [nameof(HeartbeatInterval)]);
        if (LeaseDuration < TimeSpan.FromSeconds(3) || LeaseDuration > TimeSpan.FromDays(1))
            yield return new ValidationResult("The LeaseDuration field must be between 00:00:03 and 1.00:00:00.", [nameof(LeaseDuration)]);
    }
}

/// <summary>Where a worker serves the web app (the rest of its settings are the <c>Http</c> section's).</summary>
public sealed class WorkerHttpOptions
{
    /// <summary>Where to listen, as <c>Http:Urls</c>; null: the worker serves nothing.</summary>
    public string? Urls { get; set; }
}
