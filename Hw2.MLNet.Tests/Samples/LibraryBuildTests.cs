using System.Runtime.Loader;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Samples.Benchmarks;

namespace Hw2.MLNet.Tests.Samples;

[TestClass]
public sealed class LibraryBuildTests
{
    /// <summary>
    /// A copy of this build's library in another folder is loaded from that folder into a context of its own (not
    /// answered by the copy this process already runs), and computes what this build computes.
    /// </summary>
    [TestMethod]
    public void AnotherCopyOfTheLibraryComputesTheSameProductAndTraining()
    {
        var folder = Directory.CreateTempSubdirectory("hw2-other-build-");
        try
        {
            File.Copy(typeof(Gemm).Assembly.Location, Path.Combine(folder.FullName, "Hw2.MLNet.dll"));
            LibraryBuild other = LibraryBuild.Load(folder);
            Assert.AreEqual(Path.Combine(folder.FullName, "Hw2.MLNet.dll"), other.Location);
            Assert.AreNotSame(AssemblyLoadContext.GetLoadContext(typeof(Gemm).Assembly), other.Context);
            Assert.AreEqual(LibraryBuild.Current.Location, typeof(Gemm).Assembly.Location);
            ComputesTheSame(other);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Windows keeps a loaded assembly's file open; the temporary folder then stays behind.
            }
        }
    }

    private static void ComputesTheSame(LibraryBuild other)
    {
        var random = new Random(3);
        float[] a = [.. Enumerable.Range(0, 7 * 19).Select(_ => random.NextSingle())];
        float[] b = [.. Enumerable.Range(0, 19 * 13).Select(_ => random.NextSingle())];

        float[] expected = LibraryBuild.Current.Product(7, 13, 19, true, false, a, b)();
        float[] actual = other.Product(7, 13, 19, true, false, a, b)();
        var reference = new Matrix(7, 13);
        Gemm.Multiply(new Matrix(19, 7, a), true, new Matrix(19, 13, b), false, reference);

        CollectionAssert.AreEqual(reference.Data, expected);
        CollectionAssert.AreEqual(expected, actual);

        float[] features = [.. Enumerable.Range(0, 40 * 784).Select(_ => random.NextSingle())];
        int[] labels = [.. Enumerable.Range(0, 40).Select(i => i % 10)];
        double[] losses = LibraryBuild.Current.FullBatchTraining("Shallow", features, 40, labels, 3)();
        Assert.HasCount(3, losses);
        CollectionAssert.AreEqual(losses, other.FullBatchTraining("Shallow", features, 40, labels, 3)());
    }

    [TestMethod]
    public void AFolderWithoutTheLibrarySaysWhatToPass()
    {
        var folder = new DirectoryInfo(Path.Combine(Path.GetTempPath(), "hw2-no-build-" + Guid.NewGuid().ToString("N")));
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => LibraryBuild.Load(folder));
        StringAssert.Contains(error.Message, folder.FullName);
        StringAssert.Contains(error.Message, "Hw2.MLNet.dll");
        StringAssert.Contains(error.Message, "dotnet build Hw2.MLNet -c Release -o");
    }
}
