namespace Harvester.Cli;

/// <summary>Writes a file through a temporary file and a rename, so that readers never see half of it.</summary>
internal static class AtomicFile
{
    public static async Task WriteAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temporary = TemporaryPathFor(path);
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Streams a large file: <paramref name="write"/> writes to a temporary file, which takes <paramref name="path"/>'s
    /// place only when all of it is written; on failure or cancellation it is deleted and the old file stays.
    /// </summary>
    public static async Task<T> WriteAsync<T>(string path, Func<Stream, Task<T>> write, CancellationToken cancellationToken)
    {
        var temporary = TemporaryPathFor(path);
        try
        {
            T result;
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, useAsync: true))
            {
                result = await write(file);
                await file.FlushAsync(cancellationToken);
            }
            File.Move(temporary, path, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static string TemporaryPathFor(string path) => $"{path}.tmp-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}";
}
