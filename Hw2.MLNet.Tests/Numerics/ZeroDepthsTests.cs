using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Numerics;

/// <summary>
/// Products whose A panels are mostly zero along depth (MNIST's images six at a time, or six adjacent pixels over the
/// images) run each sparse panel's tiles over its listed non-zero depth steps only, with the dense kernels' numbers.
/// </summary>
[TestClass]
public sealed class ZeroDepthsTests
{
    /// <summary>
    /// (m, n, k, A transposed): a row-major A on the row-block path (its B panels read in place and packed, edge tiles of
    /// rows and columns, K over several blocks with a tail); a transposed A packed on the row-block path, split along K
    /// in one row block and in several, with too few row panels for the threads, and with a zero-padded last panel.
    /// </summary>
    public static IEnumerable<object[]> Shapes =>
    [
        [300, 300, 784, false], [250, 70, 300, false], [1100, 96, 260, false], [128, 300, 784, false],
        [784, 300, 1250, true], [784, 300, 3300, true], [100, 64, 2100, true], [18, 200, 600, true], [790, 33, 700, true],
    ];

    /// <summary>
    /// Skipping gives the dense kernels' numbers bit for bit: the plain product, (for a row-major A) the product added
    /// to half of C's previous values and the layer with bias and ReLU fused; and the double-precision product's.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void GivesTheDenseKernelsNumbers(int m, int n, int k, bool transposed)
    {
        RequireFma();
        Matrix a = BandedA(m, k, transposed, 1);
        Matrix b = TestData.RandomMatrix(k, n, 2);
        Matrix bias = TestData.RandomMatrix(1, n, 3);
        Matrix previous = TestData.RandomMatrix(m, n, 4);
        Assert.IsTrue(GemmKernel.TakesZeroDepthSkipping(m, n, k, Operand(a, transposed)), "the banded A takes the path");
        var results = new int[2][][];
        try
        {
            GemmKernel.UseSparseRows = false;
            for (int skip = 0; skip < 2; skip++)
            {
                GemmKernel.UseZeroDepthSkipping = skip == 1;
                var product = new Matrix(m, n);
                product.Span.Fill(float.NaN);
                Gemm.Multiply(a, transposed, b, false, product);
                var accumulated = new Matrix(m, n);
                previous.Span.CopyTo(accumulated.Span);
                Gemm.Multiply(a, transposed, b, false, accumulated, beta: 0.5f);
                var layer = new Matrix(m, n);
                if (!transposed)
                {
                    Gemm.Linear(a, b, bias, layer, relu: true);
                }

                results[skip] = [Bits(product), Bits(accumulated), Bits(layer)];
            }
        }
        finally
        {
            GemmKernel.UseZeroDepthSkipping = true;
            GemmKernel.UseSparseRows = true;
        }

        CollectionAssert.AreEqual(results[0][0], results[1][0], "product");
        CollectionAssert.AreEqual(results[0][2], results[1][2], "fused layer");
        if (!transposed)
        {
            // A transposed A is no longer swapped into Cᵀ = Bᵀ·Aᵀ, which adds beta·C after the whole sum instead of
            // before the first K block: the same sums, but beta·C enters them elsewhere (checked in double below).
            CollectionAssert.AreEqual(results[0][1], results[1][1], "product plus half of C");
        }

        Matrix<double> expected = (transposed ? ReferenceMlp.ToDouble(a).Transpose() : ReferenceMlp.ToDouble(a)) * ReferenceMlp.ToDouble(b);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double tolerance = 1e-5 * Math.Sqrt(k) * (1 + Math.Abs(expected[i, j]));
                Assert.AreEqual(expected[i, j], BitConverter.Int32BitsToSingle(results[1][0][(i * n) + j]), tolerance, $"C[{i}, {j}]");
                double accumulated = expected[i, j] + (0.5 * previous[i, j]);
                Assert.AreEqual(accumulated, BitConverter.Int32BitsToSingle(results[1][1][(i * n) + j]), tolerance, $"C[{i}, {j}] plus half of C");
            }
        }
    }

    /// <summary>On AVX-512 hardware, the 512-bit tile pairs over listed steps give the 256-bit tiles' numbers bit for bit.</summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void WideKernelGivesTheNumbersOfTheNarrowOne(int m, int n, int k, bool transposed)
    {
        if (!GemmKernel.TilePairsSupported)
        {
            Assert.Inconclusive("This CPU has no accelerated AVX-512: only the 256-bit kernel runs here.");
        }

        Matrix a = BandedA(m, k, transposed, 5);
        Matrix b = TestData.RandomMatrix(k, n, 6);
        var products = new int[2][];
        try
        {
            for (int wide = 0; wide < 2; wide++)
            {
                GemmKernel.UseTilePairs = wide == 1;
                var product = new Matrix(m, n);
                Gemm.Multiply(a, transposed, b, false, product);
                products[wide] = Bits(product);
            }
        }
        finally
        {
            GemmKernel.UseTilePairs = true;
        }

        CollectionAssert.AreEqual(products[0], products[1]);
    }

    /// <summary>
    /// A NaN of A reaches the same elements of C, and a −0 changes no sign, as on the dense kernels: only values whose
    /// bits are all zero are skipped.
    /// </summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void NaNAndNegativeZeroAreNotSkipped(bool transposed)
    {
        RequireFma();
        const int m = 300, n = 64, k = 784;
        Matrix a = BandedA(m, k, transposed, 7);
        Span<float> values = a.Span;
        values[(7 * a.Cols) + 700] = float.NaN;
        for (int i = 0; i < values.Length; i += 97)
        {
            values[i] = -0f;
        }

        Matrix b = TestData.RandomMatrix(k, n, 8);
        var products = new int[2][];
        try
        {
            for (int skip = 0; skip < 2; skip++)
            {
                GemmKernel.UseZeroDepthSkipping = skip == 1;
                var product = new Matrix(m, n);
                Gemm.Multiply(a, transposed, b, false, product);
                products[skip] = Bits(product);
            }
        }
        finally
        {
            GemmKernel.UseZeroDepthSkipping = true;
        }

        CollectionAssert.AreEqual(products[0], products[1]);
        Assert.IsTrue(products[1].Any(bits => float.IsNaN(BitConverter.Int32BitsToSingle(bits))), "the NaN reached C");
    }

    /// <summary>The path writes nothing outside C: C is a row view of a larger matrix whose other rows hold NaN.</summary>
    [TestMethod]
    public void WritesNothingOutsideC()
    {
        RequireFma();
        Matrix a = BandedA(250, 300, transposed: false, 9);
        Matrix b = TestData.RandomMatrix(300, 70, 10);
        Matrix bias = TestData.RandomMatrix(1, 70, 11);
        var storage = new Matrix(252, 70);
        storage.Span.Fill(float.NaN);
        Matrix c = storage.RowRange(1, 250);
        Gemm.Linear(a, b, bias, c, relu: true);
        Assert.IsTrue(storage.Row(0).ToArray().All(float.IsNaN) && storage.Row(251).ToArray().All(float.IsNaN), "the rows around C");
        Assert.IsFalse(c.Span.ToArray().Any(float.IsNaN), "every element of C");
    }

    /// <summary>
    /// Which products skip: an A whose sampled panels are at most 60 % non-zero along depth, in a product large enough
    /// for the cores; not a dense A (a ReLU layer's, as it is or transposed), a small product, fewer than two row panels,
    /// or with the switch off.
    /// </summary>
    [TestMethod]
    public void TakesOnlyLargeProductsOfASparseA()
    {
        RequireFma();
        Matrix banded = BandedA(300, 784, transposed: false, 12);
        Matrix bandedT = BandedA(784, 300, transposed: true, 13);
        Matrix relu = TestData.RandomMatrix(300, 784, 14);
        foreach (ref float v in relu.Span)
        {
            v = Math.Max(v, 0f);
        }

        Assert.IsTrue(GemmKernel.TakesZeroDepthSkipping(300, 300, 784, Operand(banded, false)), "a row-major banded A");
        Assert.IsTrue(GemmKernel.TakesZeroDepthSkipping(784, 300, 300, Operand(bandedT, true)), "a transposed banded A");
        Assert.IsFalse(GemmKernel.TakesZeroDepthSkipping(300, 300, 784, Operand(relu, false)), "half zeros, scattered");
        Assert.IsFalse(GemmKernel.TakesZeroDepthSkipping(784, 300, 300, Operand(relu, true)), "half zeros, scattered, transposed");
        Assert.IsFalse(GemmKernel.TakesZeroDepthSkipping(300, 6, 784, Operand(banded, false)), "a small product");
        Assert.IsFalse(GemmKernel.TakesZeroDepthSkipping(11, 300, 784, Operand(banded, false)), "one row panel");
        try
        {
            GemmKernel.UseZeroDepthSkipping = false;
            Assert.IsFalse(GemmKernel.TakesZeroDepthSkipping(300, 300, 784, Operand(banded, false)), "switched off");
        }
        finally
        {
            GemmKernel.UseZeroDepthSkipping = true;
        }
    }

    /// <summary>
    /// The lists of an A read in place hold exactly the depth steps with a value whose bits are not all zero in any of a
    /// panel's six rows, in order: across the eight-step groups and the scalar tail, −0 and NaN listed.
    /// </summary>
    [TestMethod]
    public unsafe void RowListsHoldExactlyTheNonZeroSteps()
    {
        const int kc = 45, lda = 50;
        var a = new float[2 * GemmKernel.MR * lda];
        int[] marked = [0, 7, 8, 19, 40, 44];
        for (int q = 0; q < marked.Length; q++)
        {
            a[((q % GemmKernel.MR) * lda) + marked[q]] = q == 2 ? -0f : q == 3 ? float.NaN : 1f;
        }

        a[lda + kc] = 1f;
        a[(GemmKernel.MR * lda) + 3] = 2f;
        var lists = new int[2 * DepthLists.Stride];
        fixed (float* pa = a)
        fixed (int* pl = lists)
        {
            DepthLists.FillRows(pl, pa, lda, 2, kc);
            CollectionAssert.AreEqual(marked, Listed(pl));
            CollectionAssert.AreEqual(new[] { 3 }, Listed(pl + DepthLists.Stride));
        }
    }

    /// <summary>
    /// Packing a transposed A lists each panel's non-zero depth steps exactly, the last panel's (two rows, padded) too,
    /// and packs the same panels as without lists.
    /// </summary>
    [TestMethod]
    public unsafe void PackingListsExactlyTheNonZeroSteps()
    {
        const int mc = 8, kc = 10, lda = 9;
        var a = new float[kc * lda];
        a[(2 * lda) + 0] = 1f;
        a[(5 * lda) + 5] = -0f;
        a[(9 * lda) + 3] = float.NaN;
        a[(4 * lda) + 6] = 3f;
        a[(4 * lda) + 8] = 4f;
        a[(7 * lda) + 7] = 5f;
        var withLists = new float[2 * GemmKernel.MR * kc];
        var plain = new float[2 * GemmKernel.MR * kc];
        var lists = new int[2 * DepthLists.Stride];
        lists.AsSpan().Fill(-1);
        fixed (float* pa = a)
        fixed (float* pw = withLists)
        fixed (float* pp = plain)
        fixed (int* pl = lists)
        {
            GemmKernel.PackTransposedA(pa, lda, 0, mc, 0, kc, pw, pl);
            GemmKernel.PackTransposedA(pa, lda, 0, mc, 0, kc, pp);
            CollectionAssert.AreEqual(new[] { 2, 5, 9 }, Listed(pl));
            CollectionAssert.AreEqual(new[] { 4, 7 }, Listed(pl + DepthLists.Stride));
        }

        CollectionAssert.AreEqual(plain.Select(BitConverter.SingleToInt32Bits).ToArray(), withLists.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    private static unsafe int[] Listed(int* list) => new ReadOnlySpan<int>(DepthLists.Depths(list), DepthLists.Count(list)).ToArray();

    internal static void RequireFma()
    {
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.Inconclusive("Skipping zero depth steps needs AVX2 and FMA.");
        }
    }

    private static GemmOperand Operand(Matrix a, bool transposed) => new(a.Data, a.Offset, a.Cols, transposed);

    internal static int[] Bits(Matrix m) => [.. m.Span.ToArray().Select(BitConverter.SingleToInt32Bits)];

    /// <summary>
    /// op(A) of m × k (stored k × m when <paramref name="transposed"/>) in bands: of every five panels of six rows of
    /// op(A), four are non-zero only in a band of an eighth of the depth (half its values), placed at random, and one is
    /// dense (95 % of its values), so one product runs both sparse and dense tiles.
    /// </summary>
    internal static Matrix BandedA(int m, int k, bool transposed, int seed)
    {
        var random = new Random(seed);
        var a = new Matrix(transposed ? k : m, transposed ? m : k);
        int band = Math.Max(1, k / 8);
        int start = 0;
        for (int i = 0; i < m; i++)
        {
            int panel = i / GemmKernel.MR;
            if (i % GemmKernel.MR == 0)
            {
                start = random.Next(k - band + 1);
            }

            for (int p = 0; p < k; p++)
            {
                bool dense = panel % 5 == 4;
                bool inBand = p >= start && p < start + band;
                double density = dense ? 0.95 : inBand ? 0.5 : 0.0;
                float value = random.NextDouble() < density ? (float)((random.NextDouble() * 2) - 1) : 0f;
                a.Data[a.Offset + (transposed ? (p * m) + i : (i * k) + p)] = value;
            }
        }

        return a;
    }
}
