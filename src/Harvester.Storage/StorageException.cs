namespace Harvester.Storage;

/// <summary>The database cannot be opened or written; the message says why in one line.</summary>
public class StorageException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// What the database holds cannot be read back as it was written (damaged pages, a payload whose bytes no longer
/// match their SHA-256). The message names the file and points to <c>harvester check</c>.
/// </summary>
public sealed class DamagedStoreException(string message, Exception? inner = null) : StorageException(message, inner)
{
    /// <summary>The one line every command prints for damage found in <paramref name="path"/>.</summary>
    public static DamagedStoreException In(string path, string reason, Exception? inner = null) =>
        new($"{path}: damaged ({OneLine(reason)}); run 'harvester check' to see what is affected", inner);

    /// <summary>
    /// Whether <paramref name="e"/>, thrown while LiteDB read or wrote, means the file's contents are not what was
    /// written: LiteDB's own checks, or the exceptions its page and BSON readers throw on garbage.
    /// </summary>
    public static bool IsDamage(Exception e) => e switch
    {
        LiteDB.LiteException { InnerException: IOException } => false,
        // A second writer of the same key, or a lock not granted in time: how the store was used, not what it holds.
        LiteDB.LiteException { ErrorCode: LiteDB.LiteException.INDEX_DUPLICATE_KEY or LiteDB.LiteException.LOCK_TIMEOUT } => false,
        LiteDB.LiteException => true,
        InvalidCastException or IndexOutOfRangeException or ArgumentOutOfRangeException or EndOfStreamException
            or InvalidDataException or OverflowException or NullReferenceException or FormatException
            or System.Text.DecoderFallbackException or KeyNotFoundException => true,
        // LiteDB's query executor meets a page or node kind it does not know in damaged bytes.
        NotImplementedException => true,
        // LiteDB's readers hand damaged bytes on to the framework (a decimal of four bad integers, say).
        ArgumentException or NotSupportedException when ThrownInsideLiteDb(e) => true,
        _ => false,
    };

    /// <summary>Whether LiteDB's own code was running when <paramref name="e"/> was thrown (its namespace is <c>LiteDB</c>; this project's is <c>LiteDb</c>).</summary>
    internal static bool ThrownInsideLiteDb(Exception e) => e.StackTrace?.Contains(" LiteDB.", StringComparison.Ordinal) == true;

    private static string OneLine(string s)
    {
        var line = s.ReplaceLineEndings(" ").Trim();
        return line.Length > 160 ? line[..160] + "…" : line;
    }
}
