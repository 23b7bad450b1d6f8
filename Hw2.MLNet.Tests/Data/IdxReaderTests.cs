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
        string raw = Write("images", Images(2, 3, 4, pixels));
        string gz = WriteGz("images.gz", Images(2, 3, 4, pixels));
        foreach (string path in new[] { raw, gz })
        {
            IdxImages images = IdxReader.ReadImages(path);
            Assert.AreEqual(2, images.Count);
            Assert.AreEqual(3, images.Rows);
            Assert.AreEqual(4, images.Columns);
            CollectionAssert.AreEqual(pixels, images.Pixels);
        }

        CollectionAssert.AreEqual(new byte[] { 7, 1, 9 }, IdxReader.ReadLabels(WriteGz("labels.gz", Labels([7, 1, 9]))));
        Assert.AreEqual(1, IdxReader.ReadImages(raw, maxCount: 1).Count);
    }

    [TestMethod]
    public void WrongMagicNamesTheFileAndBothNumbers()
    {
        string path = Write("labels-as-images", Labels([1, 2]));
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        StringAssert.Contains(ex.Message, path);
        StringAssert.Contains(ex.Message, "0x00000801");
        StringAssert.Contains(ex.Message, "0x00000803");
    }

    [TestMethod]
    public void TruncatedDataSaysHowMuchIsMissing()
    {
        byte[] full = Images(3, 2, 2, new byte[12]);
        string path = Write("short", full[..^5]);
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(path));
        StringAssert.Contains(ex.Message, "truncated");
        StringAssert.Contains(ex.Message, "12 bytes");
        StringAssert.Contains(ex.Message, "only 7");
    }

    [TestMethod]
    public void TruncatedHeaderAndEmptyFileAreReported()
    {
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadLabels(Write("empty", []))).Message, "too short");
        StringAssert.Contains(
            Assert.ThrowsExactly<InvalidDataException>(() => IdxReader.ReadImages(Write("header", Images(1, 2, 2, [1, 2, 3, 4])[..10]))).Message,
            "dimension 2");
    }

    [TestMethod]
    public void MissingFileIsNamed()
    {
        string path = Path.Combine(folder, "nope");
        var ex = Assert.ThrowsExactly<FileNotFoundException>(() => IdxReader.ReadLabels(path));
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
