using System.ComponentModel.DataAnnotations;

namespace Harvester.Storage;

/// <summary>The <c>Storage</c> settings section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Free space (MiB) the database's disk must keep; a crawl stops cleanly before going below it. Default 256.</summary>
    [Range(0, 1_000_000_000)]
    public long MinimumFreeMegabytes { get; set; } = 256;

    public long MinimumFreeBytes => MinimumFreeMegabytes * 1024 * 1024;
}
