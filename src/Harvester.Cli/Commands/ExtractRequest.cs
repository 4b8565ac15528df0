using Harvester.Core.Extraction;

namespace Harvester.Cli.Commands;

/// <summary>What <c>harvester extract</c> was asked to do.</summary>
internal sealed record ExtractRequest(
    IReadOnlyList<string> Paths,
    string OutputDirectory,
    ExtractionOptions Options,
    RawPageProvenance? RawPage,
    int Jobs);

/// <summary>Provenance given on the command line for pages without the dataset's comment.</summary>
internal sealed record RawPageProvenance(string Site, string Url, string Timestamp, string? Charset = null);
