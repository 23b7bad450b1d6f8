namespace Hw2.MLNet.Tests.Onnx;

/// <summary>
/// What the classes that export and run ONNX files share: a temporary folder per test for the files, deleted
/// afterwards; the test's output, where <see cref="OnnxRunner.AssertClose"/> writes the differences it measures; and
/// the one bound on them.
/// </summary>
public abstract class OnnxFileTests
{
    /// <summary>
    /// Largest relative difference allowed between ONNX Runtime's scores and <c>Transform</c>'s (measured: up to 1.8e-7
    /// for plain exports and 2.9e-7 with a folded normaliser, which rounds W·diag(scale) and the shifted biases once each).
    /// </summary>
    protected const double Tolerance = 1e-5;

    private string folder = null!;

    /// <summary>The running test's context (set by MSTest).</summary>
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Creates this test's folder.</summary>
    [TestInitialize]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("hw2-onnx-").FullName;

    /// <summary>Deletes this test's folder and what it holds.</summary>
    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    /// <summary>A new file name in this test's folder.</summary>
    protected string TempFile() => Path.Combine(folder, $"{Guid.NewGuid():N}.onnx");
}
