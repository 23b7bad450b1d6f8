namespace Hw2.MLNet.Data.Sources;

/// <summary>
/// Writes a data file under a temporary name, checks its SHA-256 and only then gives it its final name, so a failed or
/// tampered transfer never leaves a file that a later run would trust.
/// </summary>
public static class VerifiedFile
{
    /// <summary>Copies <paramref name="content"/> to <paramref name="folder"/>/<c>file.Name</c> if its checksum matches.</summary>
    /// <param name="content">The file's bytes (read to the end).</param>
    /// <param name="file">Name and expected checksum.</param>
    /// <param name="folder">Destination folder (must exist).</param>
    /// <param name="origin">Where the bytes came from, for the error message.</param>
    /// <exception cref="InvalidDataException">The checksum is wrong; the destination is left as it was.</exception>
    public static void Install(Stream content, DatasetFile file, string folder, string origin)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(file);
        string target = Path.Combine(folder, file.Name);
        IO.AtomicFile.Write(target, content.CopyTo, partial =>
        {
            string actual = Checksums.Sha256OfFile(partial);
            if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"{file.Name} from {origin} has SHA-256 {actual}, expected {file.Sha256}. " +
                    $"The download is corrupt or not the expected data; nothing was kept. Try again, or place verified files in {folder}.");
            }
        });
    }
}
