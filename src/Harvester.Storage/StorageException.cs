namespace Harvester.Storage;

/// <summary>The database cannot be opened or written; the message says why in one line.</summary>
public sealed class StorageException(string message, Exception? inner = null) : Exception(message, inner);
