namespace Harvester.Core.Extraction;

/// <summary>A page that cannot be extracted; the message is one line that says why.</summary>
public sealed class ExtractionException(string message) : Exception(message);
