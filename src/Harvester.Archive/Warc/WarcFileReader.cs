using System.IO.Compression;

namespace Harvester.Archive.Warc;

/// <summary>One record read from a WARC file, where it starts and how many (compressed) bytes it spans.</summary>
public sealed record WarcEntry(long Offset, long Length, WarcRecord Record);

/// <summary>A record that could not be read, and where.</summary>
public sealed record WarcReadError(string File, long Offset, string Reason);

/// <summary>
/// Reads the records of a WARC file, plain or compressed record by record (one gzip member per record, as
/// Archive-It, Heritrix and pywb write). Corrupt records are reported and skipped.
/// </summary>
public static class WarcFileReader
{
    private static readonly byte[] GzipMagic = [0x1F, 0x8B, 0x08];

    public static bool IsGzip(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[2];
        return stream.Read(head) == 2 && head[0] == 0x1F && head[1] == 0x8B;
    }

    /// <summary>Every readable record, in file order; <paramref name="onError"/> hears of the others.</summary>
    public static IEnumerable<WarcEntry> ReadAll(string path, Action<WarcReadError>? onError = null) =>
        IsGzip(path) ? ReadGzip(path, onError) : ReadPlain(path, onError);

    /// <summary>The record at <paramref name="offset"/>.</summary>
    public static WarcRecord ReadAt(string path, long offset, long maxBlockBytes = long.MaxValue)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        file.Position = offset;
        Span<byte> head = stackalloc byte[2];
        bool gzip = file.Read(head) == 2 && head[0] == 0x1F && head[1] == 0x8B;
        file.Position = offset;
        try
        {
            if (!gzip) return WarcRecordParser.Read(new BufferedStream(file, 64 * 1024), maxBlockBytes) ?? throw new WarcFormatException("no record at this offset");
            using var unzip = new BufferedStream(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true), 64 * 1024);
            return WarcRecordParser.Read(unzip, maxBlockBytes) ?? throw new WarcFormatException("no record at this offset");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException and not FileNotFoundException)
        {
            throw new WarcFormatException(e.Message, e);
        }
    }

    private static IEnumerable<WarcEntry> ReadPlain(string path, Action<WarcReadError>? onError)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        var counting = new PositionTrackingStream(file);
        while (true)
        {
            SkipBlankLines(counting);
            long offset = counting.Position;
            WarcRecord? record;
            try
            {
                record = WarcRecordParser.Read(counting);
            }
            catch (Exception e) when (e is WarcFormatException or EndOfStreamException)
            {
                onError?.Invoke(new WarcReadError(path, offset, e.Message));
                yield break; // without lengths to trust, a plain file cannot be resynchronised
            }
            if (record is null) yield break;
            yield return new WarcEntry(offset, counting.Position - offset, record);
        }
    }

    private static void SkipBlankLines(PositionTrackingStream stream)
    {
        while (stream.PeekByte() is '\r' or '\n') stream.ReadByte();
    }

    private static IEnumerable<WarcEntry> ReadGzip(string path, Action<WarcReadError>? onError)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        long length = file.Length;
        long offset = 0;
        while (offset < length)
        {
            long next = NextMemberStart(file, offset + 1);
            var (record, error, errorOffset) = ReadMemberRange(file, offset, next);
            if (record is not null) yield return new WarcEntry(offset, next - offset, record);
            if (error is not null) onError?.Invoke(new WarcReadError(path, errorOffset, error));
            offset = next;
        }
    }

    /// <summary>
    /// Decompresses the bytes from one record's member to the next verified member and reads the record. Damage
    /// inside the range (a member whose data no longer inflates) is reported at the damaged member's offset.
    /// </summary>
    private static (WarcRecord? Record, string? Error, long ErrorOffset) ReadMemberRange(FileStream file, long offset, long next)
    {
        var compressed = new byte[next - offset];
        file.Position = offset;
        file.ReadExactly(compressed);
        using var inflated = new MemoryStream();
        string? inflateError = null;
        try
        {
            using var unzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            unzip.CopyTo(inflated);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            inflateError = e.Message;
        }

        WarcRecord? record = null;
        string? parseError = null;
        try
        {
            inflated.Position = 0;
            record = WarcRecordParser.Read(inflated);
        }
        catch (Exception e) when (e is WarcFormatException or EndOfStreamException)
        {
            parseError = e.Message;
        }

        if (record is null) return (null, parseError ?? inflateError ?? "empty gzip member", offset);
        if (inflateError is null) return (record, null, offset);
        // The record itself is whole: the damage is in a later member of the range.
        int inner = compressed.AsSpan(1).IndexOf(GzipMagic);
        return (record, inflateError, inner < 0 ? offset : offset + 1 + inner);
    }

    /// <summary>
    /// The start of the next gzip member that holds a WARC record, at or after <paramref name="from"/>: a gzip
    /// signature whose first decompressed bytes read <c>WARC/</c>. Compressed data can contain the signature by
    /// chance; the check rules those out.
    /// </summary>
    private static long NextMemberStart(FileStream file, long from)
    {
        var buffer = new byte[256 * 1024];
        long position = from;
        while (position < file.Length)
        {
            file.Position = position;
            int read = file.ReadAtLeast(buffer, Math.Min(buffer.Length, (int)Math.Min(int.MaxValue, file.Length - position)), throwOnEndOfStream: false);
            if (read < GzipMagic.Length) return file.Length;
            var span = buffer.AsSpan(0, read);
            int searchFrom = 0;
            while (true)
            {
                int hit = span[searchFrom..].IndexOf(GzipMagic);
                if (hit < 0) break;
                long candidate = position + searchFrom + hit;
                if (StartsWarcMember(file, candidate)) return candidate;
                searchFrom += hit + 1;
            }
            if (position + read >= file.Length) return file.Length;
            position += read - (GzipMagic.Length - 1);
        }
        return file.Length;
    }

    private static bool StartsWarcMember(FileStream file, long offset)
    {
        var window = new byte[(int)Math.Min(4096, file.Length - offset)];
        file.Position = offset;
        file.ReadExactly(window);
        try
        {
            using var unzip = new GZipStream(new MemoryStream(window), CompressionMode.Decompress);
            Span<byte> head = stackalloc byte[5];
            int n = unzip.ReadAtLeast(head, 5, throwOnEndOfStream: false);
            return n == 5 && head.SequenceEqual("WARC/"u8);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return false;
        }
    }
}
