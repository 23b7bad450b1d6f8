using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Numerics;

/// <summary>Products whose row-major A is mostly zeros (a minibatch of MNIST-like rows) go through the sparse path.</summary>
[TestClass]
public sealed class SparseRowsTests
{
    /// <summary>
    /// C of 6 to 240 rows; B of 64 to 1024 columns (whole 128-column passes, 32-column passes and single columns left);
    /// depths within one K block, at a block boundary and over several blocks; on one thread and on every core.
    /// </summary>
    public static IEnumerable<object[]> Shapes =>
    [
        [6, 64, 16], [7, 65, 17], [9, 92, 40], [24, 100, 257], [37, 129, 300], [128, 300, 784], [13, 64, 600], [240, 1024, 784], [128, 1024, 1024],
    ];

    /// <summary>The sparse path gives the dense path's numbers bit for bit, plain and fused with bias and ReLU, and the double-precision product's.</summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void GivesTheDensePathsNumbers(int m, int n, int k)
    {
        Matrix a = SparseMatrix(m, k, 0.2, 1);
        Matrix b = TestData.RandomMatrix(k, n, 2);
        Matrix bias = TestData.RandomMatrix(1, n, 3);
        var results = new float[2][][];
        try
        {
            for (int sparse = 0; sparse < 2; sparse++)
            {
                GemmKernel.UseSparseRows = sparse == 1;
                var product = new Matrix(m, n);
                product.Span.Fill(float.NaN);
                Gemm.Multiply(a, false, b, false, product);
                var layer = new Matrix(m, n);
                Gemm.Linear(a, b, bias, layer, relu: true);
                results[sparse] = [product.Span.ToArray(), layer.Span.ToArray()];
            }
        }
        finally
        {
            GemmKernel.UseSparseRows = true;
        }

        CollectionAssert.AreEqual(results[0][0], results[1][0], "product");
        CollectionAssert.AreEqual(results[0][1], results[1][1], "fused layer");
        Matrix<double> expected = ReferenceMlp.ToDouble(a) * ReferenceMlp.ToDouble(b);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.AreEqual(expected[i, j], results[1][0][(i * n) + j], 1e-5 * Math.Sqrt(k) * (1 + Math.Abs(expected[i, j])), $"C[{i}, {j}]");
            }
        }
    }

    /// <summary>On AVX-512 hardware the 512-bit sparse kernel gives the 256-bit kernel's numbers bit for bit.</summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void WideKernelGivesTheNumbersOfTheNarrowOne(int m, int n, int k)
    {
        if (!GemmKernel.TilePairsSupported)
        {
            Assert.Inconclusive("This CPU has no accelerated AVX-512: only the 256-bit kernel runs here.");
        }

        Matrix a = SparseMatrix(m, k, 0.2, 1);
        Matrix b = TestData.RandomMatrix(k, n, 2);
        Matrix bias = TestData.RandomMatrix(1, n, 3);
        var layers = new float[2][];
        try
        {
            for (int wide = 0; wide < 2; wide++)
            {
                GemmKernel.UseTilePairs = wide == 1;
                var layer = new Matrix(m, n);
                Gemm.Linear(a, b, bias, layer, relu: true);
                layers[wide] = layer.Span.ToArray();
            }
        }
        finally
        {
            GemmKernel.UseTilePairs = true;
        }

        CollectionAssert.AreEqual(layers[0], layers[1]);
    }

    /// <summary>
    /// The sparse path writes nothing outside C: C is a row view of a larger matrix whose other rows hold NaN, and the
    /// last pass is masked (300 columns: two 512-bit passes of 128 and one of 44, or nine 256-bit passes of 32 and one
    /// of 12; 92 columns: one masked 512-bit pass, or two 256-bit passes and one of 28), on both kernels.
    /// </summary>
    [TestMethod]
    [DataRow(300, true)]
    [DataRow(300, false)]
    [DataRow(92, true)]
    [DataRow(92, false)]
    public void WritesNothingOutsideC(int n, bool wide)
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.Inconclusive("The sparse path needs AVX2 and FMA.");
        }

        if (wide && !GemmKernel.TilePairsSupported)
        {
            Assert.Inconclusive("This CPU has no accelerated AVX-512: only the 256-bit kernel runs here.");
        }

        Matrix a = SparseMatrix(20, 784, 0.2, 7);
        Matrix b = TestData.RandomMatrix(784, n, 8);
        Matrix bias = TestData.RandomMatrix(1, n, 9);
        var storage = new Matrix(22, n);
        storage.Span.Fill(float.NaN);
        Matrix c = storage.RowRange(1, 20);
        Assert.IsTrue(GemmKernel.TakesSparseRows(20, n, 784, new GemmOperand(a.Data, a.Offset, 784, false), new GemmOperand(b.Data, b.Offset, n, false), 0f));
        try
        {
            GemmKernel.UseTilePairs = wide;
            Gemm.Linear(a, b, bias, c, relu: true);
        }
        finally
        {
            GemmKernel.UseTilePairs = true;
        }

        Assert.IsTrue(storage.Row(0).ToArray().All(float.IsNaN) && storage.Row(21).ToArray().All(float.IsNaN), "the rows around C");
        Assert.IsFalse(c.Span.ToArray().Any(float.IsNaN), "every element of C");
    }

    /// <summary>
    /// Which products take the sparse path: a row-major A with at most 30 % non-zeros in its first 16 rows, times a
    /// row-major B of at least 64 columns, beta 0, C of 6 to 240 rows; nothing else.
    /// </summary>
    [TestMethod]
    public void TakesOnlyShortProductsOfASparseA()
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.Inconclusive("The sparse path needs AVX2 and FMA.");
        }

        Matrix sparse = SparseMatrix(128, 784, 0.25, 10);
        Matrix dense = SparseMatrix(128, 784, 0.4, 11);
        var b = new GemmOperand(new float[784 * 300], 0, 300, false);
        GemmOperand A(Matrix m, bool transposed = false) => new(m.Data, m.Offset, m.Cols, transposed);
        Assert.IsTrue(GemmKernel.TakesSparseRows(128, 300, 784, A(sparse), b, 0f), "a minibatch of MNIST-like rows");
        Assert.IsFalse(GemmKernel.TakesSparseRows(128, 300, 784, A(dense), b, 0f), "40 % non-zero");
        Assert.IsFalse(GemmKernel.TakesSparseRows(128, 300, 784, A(sparse), b, 1f), "beta 1");
        Assert.IsFalse(GemmKernel.TakesSparseRows(128, 300, 784, A(sparse), b with { Transposed = true }, 0f), "a transposed B");
        Assert.IsFalse(GemmKernel.TakesSparseRows(128, 300, 784, A(sparse, transposed: true), b, 0f), "a transposed A");
        Assert.IsFalse(GemmKernel.TakesSparseRows(128, 63, 784, A(sparse), b, 0f), "63 columns");
        Assert.IsFalse(GemmKernel.TakesSparseRows(5, 300, 784, A(sparse), b, 0f), "5 rows: one row at a time on the dense path");
        Assert.IsFalse(GemmKernel.TakesSparseRows(241, 300, 784, A(SparseMatrix(241, 784, 0.25, 12)), b, 0f), "241 rows: a full batch");
    }

    /// <summary>A row of A that is all zeros gives C's row as the bias alone (no sums at all), and a zero A gives zero.</summary>
    [TestMethod]
    public void EmptyRowsGiveTheBias()
    {
        Matrix a = SparseMatrix(12, 100, 0.2, 4);
        a.Row(5).Clear();
        Matrix b = TestData.RandomMatrix(100, 70, 5);
        Matrix bias = TestData.RandomMatrix(1, 70, 6);
        var layer = new Matrix(12, 70);
        Gemm.Linear(a, b, bias, layer, relu: false);
        CollectionAssert.AreEqual(bias.Span.ToArray(), layer.Row(5).ToArray());
        var zero = new Matrix(12, 70);
        zero.Span.Fill(float.NaN);
        Gemm.Multiply(new Matrix(12, 100), false, b, false, zero);
        CollectionAssert.AreEqual(new float[12 * 70], zero.Span.ToArray());
    }

    private static Matrix SparseMatrix(int rows, int cols, double density, int seed)
    {
        Matrix m = TestData.RandomMatrix(rows, cols, seed);
        var random = new Random(seed + 100);
        Span<float> span = m.Span;
        for (int i = 0; i < span.Length; i++)
        {
            if (random.NextDouble() >= density)
            {
                span[i] = 0f;
            }
        }

        return m;
    }
}
