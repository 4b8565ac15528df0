namespace Harvester.Storage;

/// <summary>The versions a search found, in site and version order; <see cref="Complete"/> is false when a limit cut the list short.</summary>
public sealed record SearchResult(IReadOnlyList<VersionRecord> Versions, bool Complete);
