namespace Hw2.MLNet.Data.Sources;

/// <summary>Files already on this machine, e.g. installed by a system package; copied and verified.</summary>
/// <param name="path">The folder that holds the files.</param>
/// <param name="installHint">What makes the folder appear, for the message when it is missing.</param>
public sealed class LocalFolderSource(string path, string installHint) : IDatasetSource
{
    /// <inheritdoc />
    public string Description => $"folder {path}";

    /// <inheritdoc />
    public void Fetch(IReadOnlyList<DatasetFile> files, string folder, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(files);
        CopyFrom(path, files, folder, log, installHint);
    }

    /// <summary>Copies each file from <paramref name="source"/> into <paramref name="folder"/> through <see cref="VerifiedFile"/>.</summary>
    internal static void CopyFrom(string source, IReadOnlyList<DatasetFile> files, string folder, Action<string>? log, string installHint)
    {
        foreach (DatasetFile file in files)
        {
            string from = Path.Combine(source, file.Name);
            if (!File.Exists(from))
            {
                throw new DatasetSourceException($"{from} does not exist ({installHint}).");
            }

            log?.Invoke($"Copying {from} ...");
            using FileStream stream = File.OpenRead(from);
            VerifiedFile.Install(stream, file, folder, from);
        }
    }
}
