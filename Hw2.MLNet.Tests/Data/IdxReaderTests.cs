using System.Buffers.Binary;
using System.IO.Compression;
using Hw2.MLNet.Data;

namespace Hw2.MLNet.Tests.Data;

[TestClass]
public sealed class IdxReaderTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-idx-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void ReadsRawAndGzippedFilesAlike()
    {
        byte[] pixels = [.. Enumerable.Range(0, 2 * 3 * 4).Select(i => (byte)i)];
        string[] images = [Write("images", Images(2, 3, 4, pixels)), WriteGz("images.gz", Images(2, 3, 4, pixels))];
        string[] labels = [Write("labels", Labels([7, 1])), WriteGz("labels.gz", Labels([7, 1]))];
        foreach (string imagePath in images)
        {
            foreach (string labelPath in labels)
            {
                LabeledImages read = LabeledImages.FromIdx(imagePath, labelPath, PixelScale.Raw);
                Assert.AreEqual(2, read.Features.Rows);
                Assert.AreEqual(12, read.Features.Cols, "3 × 4 pixels per image");
                CollectionAssert.AreEqual(pixels.Select(p => (float)p).ToArray(), read.Features.Span.ToArray());
                CollectionAssert.AreEqual(new[] { 7, 1 }, read.Labels);
            }
        }

        Assert.AreEqual(1, LabeledImages.FromIdx(images[1], labels[0], PixelScale.Raw, maxCount: 1).Count);
    }

    [TestMethod]
    public void WrongMagicNamesTheFileAndBothNumbers()
    {
        string path = Write("labels-as-images", Labels([1, 2]));
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(path, path, PixelScale.Raw));
        StringAssert.Contains(ex.Message, path);
        StringAssert.Contains(ex.Message, "0x00000801");
        StringAssert.Contains(ex.Message, "0x00000803");
    }

    /// <summary>A raw file is measured when opened; a gzipped one can only be found short while its rows are read.</summary>
    [TestMethod]
    public void TruncatedDataSaysWhatIsMissing()
    {
        byte[] full = Images(3, 2, 2, new byte[12]);
        string labels = Write("labels", Labels([1, 2, 3]));
        string raw = Write("short", full[..^5]);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(raw, labels, PixelScale.Raw));
        Assert.AreEqual($"{raw}: truncated; the header promises 3 images of 2×2 pixels (28 bytes with the header) but the file has 23.", ex.Message);

        string gz = WriteGz("short.gz", full[..^5]);
        ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(gz, labels, PixelScale.Raw));
        Assert.AreEqual($"{gz}: truncated at image 1.", ex.Message);
        string gzLabels = WriteGz("labels.gz", Labels([1, 2, 3])[..^1]);
        ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(Write("full", full), gzLabels, PixelScale.Raw));
        Assert.AreEqual($"{gzLabels}: truncated at label 2.", ex.Message);
    }

    [TestMethod]
    public void TruncatedHeaderAndEmptyFileAreReported()
    {
        string images = Write("images", Images(1, 2, 2, [1, 2, 3, 4]));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(images, Write("empty", []), PixelScale.Raw)).Message, "too short");
        StringAssert.Contains(
            Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(Write("header", Images(1, 2, 2, [1, 2, 3, 4])[..10]), images, PixelScale.Raw)).Message,
            "dimension 2");
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        string path = Path.Combine(folder, "nope");
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => LabeledImages.FromIdx(Write("images", Images(1, 1, 1, [1])), path, PixelScale.Raw));
        StringAssert.Contains(ex.Message, path);
    }

    [TestMethod]
    public void ImageAndLabelCountsMustAgree()
    {
        string images = Write("i", Images(3, 1, 1, [1, 2, 3]));
        string labels = Write("l", Labels([1, 2]));
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(images, labels, PixelScale.Raw));
        StringAssert.Contains(ex.Message, "3 images");
        StringAssert.Contains(ex.Message, "2 labels");
    }

    [TestMethod]
    public void ScalesPixelsAndChecksLabels()
    {
        string images = Write("i", Images(2, 1, 2, [0, 255, 51, 102]));
        LabeledImages unit = LabeledImages.FromIdx(images, Write("l", Labels([3, 4])), PixelScale.Unit);
        CollectionAssert.AreEqual(new[] { 0f, 1f, 0.2f, 0.4f }, unit.Features.Span.ToArray());
        LabeledImages raw = LabeledImages.FromIdx(images, Write("l2", Labels([3, 4])), PixelScale.Raw);
        CollectionAssert.AreEqual(new[] { 0f, 255f, 51f, 102f }, raw.Features.Span.ToArray());
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LabeledImages.FromIdx(images, Write("l3", Labels([3, 12])), PixelScale.Raw));
        StringAssert.Contains(ex.Message, "item 1");
    }

    internal static byte[] Images(int count, int rows, int cols, byte[] pixels) =>
        [.. Header(0x803, count, rows, cols), .. pixels];

    internal static byte[] Labels(byte[] labels) => [.. Header(0x801, labels.Length), .. labels];

    internal static byte[] Header(int magic, params int[] dims)
    {
        var header = new byte[4 * (dims.Length + 1)];
        BinaryPrimitives.WriteInt32BigEndian(header, magic);
        for (int i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * (i + 1)), dims[i]);
        }

        return header;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static byte[] Gzip(byte[] bytes)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return memory.ToArray();
    }

    private string WriteGz(string name, byte[] bytes) => Write(name, Gzip(bytes));
}
