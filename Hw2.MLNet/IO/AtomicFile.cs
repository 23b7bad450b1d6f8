namespace Hw2.MLNet.IO;

/// <summary>
/// Writes a file whole or not at all: the bytes go to a temporary name beside the target, unique to the call, and the
/// file is renamed onto the target only when it is complete (and, if asked, checked). An interrupted or failed write
/// leaves the target as it was; of two concurrent writers to one path the last rename wins and the file is always
/// one writer's whole output.
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of every temporary name (git-ignored).</summary>
    public const string TemporarySuffix = ".partial";

    /// <summary>A fresh temporary name in the folder of <paramref name="path"/>, so the final rename stays on one file system.</summary>
    public static string TemporaryPath(string path)
    {
        string full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{TemporarySuffix}");
    }

    /// <summary>
    /// Writes a fresh temporary file beside <paramref name="path"/> through <paramref name="write"/>, flushed to disk,
    /// and returns its name; the caller renames it into place (or deletes it). A failed write leaves no file.
    /// </summary>
    public static string WriteTemporary(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string temporary = TemporaryPath(path);
        try
        {
            using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(file);
            file.Flush(flushToDisk: true);
            return temporary;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, then renames it into place.</summary>
    /// <param name="path">The target; its folder must exist.</param>
    /// <param name="write">Writes the whole content to the stream.</param>
    /// <param name="check">Called with the temporary file's path before the rename; throwing keeps the target as it was.</param>
    public static void Write(string path, Action<Stream> write, Action<string>? check = null)
    {
        string temporary = WriteTemporary(path, write);
        try
        {
            check?.Invoke(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/>, atomically.</summary>
    public static void WriteAllText(string path, string text) => Write(path, Utf8(text));

    /// <summary>A writer of <paramref name="text"/> as UTF-8 without a byte-order mark, for <see cref="Write"/> and <see cref="WriteTemporary"/>.</summary>
    public static Action<Stream> Utf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(text);
        };
    }
}
