using Harvester.Core.Extraction;
using Harvester.Core.Versioning;
using Harvester.Storage;

namespace Harvester.Cli.Commands;

/// <summary>
/// Extracts a stored version's Markdown again from its raw snapshot, with the provenance and charset it was crawled
/// with, and puts the result on the version: what <c>reextract</c> and <c>check --repair</c> both do.
/// </summary>
internal static class StoredVersionExtraction
{
    /// <exception cref="ExtractionException">The snapshot cannot be converted.</exception>
    public static ExtractionResult Extract(PolicyExtractor extractor, VersionRecord version, byte[] snapshot) =>
        extractor.Extract(snapshot, Provenance.ForCapture(version.Site, version.PolicyTimestamp, version.PolicyUrl), version.Charset);

    /// <summary>The new text, title, hashes and extractor version, on <paramref name="version"/>.</summary>
    public static void Apply(VersionRecord version, ExtractionResult result)
    {
        version.Markdown = result.Markdown;
        version.Title = result.Title;
        version.TextHash = PolicyText.Hash(result.Markdown);
        version.SimHash = (long)SimHash.Compute(PolicyText.Body(result.Markdown));
        version.ExtractorVersion = PolicyExtractor.Version;
    }
}
