namespace Harvester.Archive.Warc;

/// <summary>A WARC record that cannot be read.</summary>
public sealed class WarcFormatException(string message, Exception? inner = null) : Exception(message, inner);
