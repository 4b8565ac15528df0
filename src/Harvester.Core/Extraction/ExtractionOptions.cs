using System.ComponentModel.DataAnnotations;

namespace Harvester.Core.Extraction;

/// <summary>Settings of the extraction engine.</summary>
public sealed class ExtractionOptions
{
    /// <summary>Defaults: dataset-compatible links, 32 MiB pages, 1,000 levels of nesting.</summary>
    public static readonly ExtractionOptions Default = new();

    /// <summary>What relative links resolve against. Default <see cref="LinkBase.Snapshot"/> (dataset-compatible).</summary>
    public LinkBase Links { get; init; } = LinkBase.Snapshot;

    /// <summary>Pages larger than this are refused with a clear error. Default 32 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int MaxPageBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Markup nested deeper than this is refused. Default 1,000 (browsers cap their parsers at 512).</summary>
    [Range(16, 100_000)]
    public int MaxNestingDepth { get; init; } = 1_000;
}
