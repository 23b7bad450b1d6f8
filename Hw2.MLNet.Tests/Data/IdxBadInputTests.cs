using Hw2.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.Data;

/// <summary>Damaged or implausible IDX files: each error names the file, the row or header field, and what was expected.</summary>
[TestClass]
public sealed class IdxBadInputTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-idxbad-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// The data view refuses a label byte at or above the class count (10 by default), with the same message as
    /// <see cref="LabeledImages"/>, instead of training an 11-class model; a data set of more classes says so.
    /// </summary>
    [TestMethod]
    public void ALabelBeyondTheClassesIsRefusedWithItsRow()
    {
        string images = Write("i", IdxReaderTests.Images(3, 1, 2, [1, 2, 3, 4, 5, 6]));
        string labels = Write("l", IdxReaderTests.Labels([4, 10, 9]));
        var view = new IdxDataView(images, labels);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => view.GetColumn<float>("Label").ToArray());
        Assert.AreEqual($"{labels}: label 10 at item 1 is not a class 0–9.", ex.Message);
        Assert.AreEqual(ex.Message, Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(images, labels, PixelScale.Raw)).Message);

        CollectionAssert.AreEqual(new[] { 4f, 10f, 9f }, new IdxDataView(images, labels, classCount: 11).GetColumn<float>("Label").ToArray());
        CollectionAssert.AreEqual(new[] { 4, 10, 9 }, LabeledImages.FromIdx(images, labels, PixelScale.Raw, classCount: 11).Labels);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new IdxDataView(images, labels, classCount: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new IdxDataView(images, labels, classCount: 257));
    }

    /// <summary>The edges of what is accepted: labels 0 and 9, raw pixels as 0..255 (found unchecked by the mutation run over Data/).</summary>
    [TestMethod]
    public void LabelsZeroAndNineAndRawPixelsAreAccepted()
    {
        string images = Write("i", IdxReaderTests.Images(2, 1, 2, [0, 255, 51, 7]));
        string labels = Write("l", IdxReaderTests.Labels([0, 9]));
        var raw = new IdxDataView(images, labels, PixelScale.Raw);
        CollectionAssert.AreEqual(new[] { 0f, 9f }, raw.GetColumn<float>("Label").ToArray());
        float[][] pixels = [.. raw.GetColumn<float[]>("Features")];
        CollectionAssert.AreEqual(new[] { 0f, 255f }, pixels[0]);
        CollectionAssert.AreEqual(new[] { 51f, 7f }, pixels[1]);
        CollectionAssert.AreEqual(new[] { 0, 9 }, LabeledImages.FromIdx(images, labels, PixelScale.Raw).Labels);
    }

    [TestMethod]
    public void AHeaderClaimingMoreImagesThanAnArrayHoldsIsRefusedByTheReader()
    {
        // Gzipped, so that the files' lengths cannot be checked against their headers before the array size is.
        string images = Write("i.gz", IdxReaderTests.Gzip([.. IdxReaderTests.Header(0x803, 2_800_000, 28, 28), 1, 2, 3]));
        string labels = Write("l.gz", IdxReaderTests.Gzip([.. IdxReaderTests.Header(0x801, 2_800_000), .. new byte[1000]]));
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(images, labels, PixelScale.Raw));
        StringAssert.Contains(ex.Message, images);
        StringAssert.Contains(ex.Message, "2800000 images of 28×28 pixels");
        StringAssert.Contains(ex.Message, "maxCount");
        Assert.AreEqual(1000, LabeledImages.FromIdx(Write("j", [.. IdxReaderTests.Header(0x803, 2_800_000, 28, 28), .. new byte[1000 * 784]]), labels, PixelScale.Raw, maxCount: 1000).Count);
    }

    [TestMethod]
    public void ImagesTooLargeForOneFeatureVectorAreRefused()
    {
        string images = Write("i", [.. IdxReaderTests.Header(0x803, 1, 65536, 65536), 1, 2, 3]);
        string labels = Write("l", IdxReaderTests.Labels([1]));
        foreach (Action open in new Action[] { () => LabeledImages.FromIdx(images, labels, PixelScale.Raw), () => _ = new IdxDataView(images, labels) })
        {
            var ex = Assert.ThrowsExactly<InvalidDataException>(open);
            StringAssert.Contains(ex.Message, images);
            StringAssert.Contains(ex.Message, "65536×65536 pixels");
        }
    }

    /// <summary>A raw file shorter than its header promises is refused when the view is opened, before any pipeline runs.</summary>
    [TestMethod]
    public void ATruncatedRawFileIsRefusedWhenTheViewOpens()
    {
        string images = Write("i", IdxReaderTests.Images(3, 1, 2, [1, 2, 3, 4, 5]));
        string labels = Write("l", IdxReaderTests.Labels([1, 2, 3]));
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => new IdxDataView(images, labels));
        Assert.AreEqual($"{images}: truncated; the header promises 3 images of 1×2 pixels (22 bytes with the header) but the file has 21.", ex.Message);

        string shortLabels = Write("l2", [.. IdxReaderTests.Labels([1, 2, 3])[..^1]]);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new IdxDataView(Write("i2", IdxReaderTests.Images(3, 1, 2, [1, 2, 3, 4, 5, 6])), shortLabels)).Message, shortLabels);
    }

    [TestMethod]
    public void ACorruptGzipFileIsNamed()
    {
        byte[] gz = IdxReaderTests.Gzip(IdxReaderTests.Images(3, 1, 2, [1, 2, 3, 4, 5, 6]));
        gz[3] = 0xff;
        gz[10] ^= 0x5a;
        string images = Write("i.gz", gz);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(images, Write("l", IdxReaderTests.Labels([1, 2, 3])), PixelScale.Raw));
        StringAssert.StartsWith(ex.Message, $"{images}: not a readable gzip file (");
    }

    /// <summary>
    /// A gzipped image file cut short is found only when its rows are read, which ML.NET does on worker threads; the
    /// error out of <c>Fit</c> is still the file's, not ML.NET's "Splitter/consolidator worker encountered exception".
    /// </summary>
    [TestMethod]
    public void ATruncatedGzipFileReadThroughFitNamesTheFile()
    {
        byte[] pixels = new byte[40 * 4];
        Random.Shared.NextBytes(pixels);
        string images = Write("i.gz", IdxReaderTests.Gzip([.. IdxReaderTests.Images(50, 2, 2, pixels)]));
        string labels = Write("l", IdxReaderTests.Labels([.. Enumerable.Range(0, 50).Select(i => (byte)(i % 3))]));
        var ml = new MLContext(seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label").Append(new MlpTrainer(ml, new MlpTrainerOptions { HiddenLayers = [4], MaxEpochs = 1 }));
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => pipeline.Fit(new IdxDataView(images, labels)));
        StringAssert.Contains(ex.Message, $"{images}: truncated at image 40");
        StringAssert.Contains(ex.Message, "training data");
    }

    /// <summary>
    /// The edges of what opening accepts (found unchecked by the mutation run over IdxPair): 0 rows asked for gives an
    /// empty view and a negative count is refused; 1 and 256 classes are accepted (a label is one byte).
    /// </summary>
    [TestMethod]
    public void RowAndClassCountsAreCheckedAtTheirEdges()
    {
        string images = Write("i", IdxReaderTests.Images(2, 1, 1, [5, 6]));
        string zeros = Write("l0", IdxReaderTests.Labels([0, 0]));
        string high = Write("l255", IdxReaderTests.Labels([255, 0]));
        Assert.AreEqual(0L, new IdxDataView(images, zeros, maxRows: 0).GetRowCount());
        Assert.AreEqual(0, LabeledImages.FromIdx(images, zeros, PixelScale.Raw, maxCount: 0).Count);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new IdxDataView(images, zeros, maxRows: -1));
        CollectionAssert.AreEqual(new[] { 0, 0 }, LabeledImages.FromIdx(images, zeros, PixelScale.Raw, classCount: 1).Labels);
        CollectionAssert.AreEqual(new[] { 255, 0 }, LabeledImages.FromIdx(images, high, PixelScale.Raw, classCount: 256).Labels);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LabeledImages.FromIdx(images, zeros, PixelScale.Raw, classCount: 257)).Message, "one byte");
    }

    /// <summary>Each header error says which kind of file was expected; a short raw label file is measured at open.</summary>
    [TestMethod]
    public void HeaderErrorsNameTheKindOfFile()
    {
        string images = Write("i", IdxReaderTests.Images(2, 1, 1, [5, 6]));
        string labels = Write("l", IdxReaderTests.Labels([1, 2]));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new IdxDataView(labels, labels)).Message, "not that of an IDX images file");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => new IdxDataView(images, images)).Message, "not that of an IDX labels file");
        string shortLabels = Write("ls", IdxReaderTests.Labels([1, 2])[..^1]);
        Assert.AreEqual(
            $"{shortLabels}: truncated; the header promises 2 labels (10 bytes with the header) but the file has 9.",
            Assert.ThrowsExactly<InvalidDataException>(() => new IdxDataView(images, shortLabels)).Message);
    }

    /// <summary>
    /// A cursor closes both files when it is disposed: reading a view many times leaves no file open. Not run beside
    /// other tests, whose files and sockets would count too.
    /// </summary>
    [TestMethod]
    [DoNotParallelize]
    public void CursorsCloseTheirFiles()
    {
        string images = Write("i", IdxReaderTests.Images(3, 1, 2, [1, 2, 3, 4, 5, 6]));
        string labels = Write("l", IdxReaderTests.Labels([1, 2, 3]));
        var view = new IdxDataView(images, labels);
        int before = OpenFiles();
        for (int i = 0; i < 20; i++)
        {
            using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
            while (cursor.MoveNext())
            {
            }
        }

        for (int i = 0; i < 20; i++)
        {
            _ = LabeledImages.FromIdx(images, labels, PixelScale.Raw);
        }

        Assert.IsLessThan(before + 5, OpenFiles(), "40 readers of two files each were opened; at most a few descriptors may belong to other threads");
    }

    /// <summary>Open file descriptors of this process (Linux), or of images and labels opened by this test elsewhere.</summary>
    private static int OpenFiles() => OperatingSystem.IsLinux()
        ? Directory.GetFiles("/proc/self/fd").Length
        : throw new AssertInconclusiveException("Counting open files needs /proc (Linux).");

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
