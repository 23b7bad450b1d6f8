namespace Hw2.MLNet.Data.Sources;

/// <summary>
/// Files inside a Debian package, fetched with <c>apt-get download</c> (no root needed; uses the machine's apt
/// sources) and unpacked with <c>dpkg-deb -x</c> into a temporary folder; nothing is installed system-wide.
/// </summary>
/// <param name="package">The Debian package, e.g. <c>dataset-fashion-mnist</c>.</param>
/// <param name="dataFolder">Folder of the files inside the package, e.g. <c>usr/share/datasets/fashion-mnist</c>.</param>
public sealed class DebianPackageSource(string package, string dataFolder) : IDatasetSource
{
    /// <inheritdoc />
    public string Description => $"Debian package {package}";

    /// <inheritdoc />
    public void Fetch(IReadOnlyList<DatasetFile> files, string folder, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(files);
        string work = Directory.CreateTempSubdirectory("hw2-deb-").FullName;
        try
        {
            log?.Invoke($"Fetching {package} with apt-get download ...");
            try
            {
                ExternalTool.Run("apt-get", ["download", package], work, "this source needs a Debian-based system");
            }
            catch (DatasetSourceException e) when (e.Message.Contains("Unable to locate package", StringComparison.Ordinal))
            {
                throw new DatasetSourceException($"{e.Message} (the machine's package index may not list it yet: run 'apt-get update' first).", e);
            }

            string deb = Directory.GetFiles(work, "*.deb").SingleOrDefault()
                ?? throw new DatasetSourceException($"'apt-get download {package}' wrote no .deb file (run 'apt-get update' first?).");
            string unpacked = Path.Combine(work, "root");
            ExternalTool.Run("dpkg-deb", ["-x", deb, unpacked], work, "this source needs a Debian-based system");
            LocalFolderSource.CopyFrom(Path.Combine(unpacked, dataFolder), files, folder, log, $"the package {package} has changed its layout");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
