using Hw2.MLNet.IO;

namespace Hw2.MLNet.Tests.Support;

[TestClass]
public sealed class AtomicFileTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-atomic-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    /// <summary>A write that fails half way, or whose check refuses it, leaves the old file as it was and no temporary file.</summary>
    [TestMethod]
    public void AFailedWriteKeepsTheOldFile()
    {
        string path = Path.Combine(folder, "a.csv");
        File.WriteAllText(path, "old");
        Assert.ThrowsExactly<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half"u8);
            throw new IOException("disk full");
        }));
        Assert.ThrowsExactly<InvalidDataException>(() => AtomicFile.Write(path, stream => stream.Write("new"u8), _ => throw new InvalidDataException("wrong checksum")));
        Assert.AreEqual("old", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder));

        AtomicFile.WriteAllText(path, "new");
        Assert.AreEqual("new", File.ReadAllText(path));
        CollectionAssert.AreEqual(new[] { path }, Directory.GetFiles(folder));
    }

    [TestMethod]
    public void EachWriteHasItsOwnTemporaryName()
    {
        string path = Path.Combine(folder, "model.zip");
        string a = AtomicFile.TemporaryPath(path), b = AtomicFile.TemporaryPath(path);
        Assert.AreNotEqual(a, b);
        Assert.AreEqual(folder, Path.GetDirectoryName(a));
        StringAssert.EndsWith(a, ".partial");
    }
}
