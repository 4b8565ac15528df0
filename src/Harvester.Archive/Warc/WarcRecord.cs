using System.Globalization;

namespace Harvester.Archive.Warc;

/// <summary>One WARC record: its named fields (in order) and its content block.</summary>
public sealed class WarcRecord(string version, IReadOnlyList<KeyValuePair<string, string>> fields, byte[] block)
{
    public string Version { get; } = version;
    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; } = fields;
    public byte[] Block { get; } = block;

    public string? this[string name] =>
        Fields.FirstOrDefault(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Type => this["WARC-Type"] ?? string.Empty;
    public string? TargetUri => this["WARC-Target-URI"]?.Trim('<', '>');

    /// <summary>WARC-Date as a 14-digit Wayback timestamp.</summary>
    public string? Timestamp => this["WARC-Date"] is { } date &&
        DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? d.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
            : null;
}
