using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Numerics;

[TestClass]
public sealed class GemmTests
{
    public static IEnumerable<object[]> Sizes =>
    [
        [1, 1, 1], [7, 13, 5], [6, 16, 256], [13, 17, 257], [129, 257, 33], [200, 300, 784], [64, 10, 1000], [1, 300, 17], [5, 300, 784], [2, 33, 7], [1031, 47, 300], [9, 15, 19], [4099, 10, 787], [24, 40, 4096], [260, 40, 4100],
        [250, 10, 784], [37, 1, 30], [6, 12, 17], [7, 5, 8], [301, 3, 9], [11, 4, 7], [9, 7, 13],
    ];

    [TestMethod]
    [DynamicData(nameof(Sizes))]
    public void MatchesDoublePrecisionReferenceForEveryTransposeCase(int m, int n, int k)
    {
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                Matrix a = ta ? TestData.RandomMatrix(k, m, 1) : TestData.RandomMatrix(m, k, 1);
                Matrix b = tb ? TestData.RandomMatrix(n, k, 2) : TestData.RandomMatrix(k, n, 2);
                Matrix c = TestData.RandomMatrix(m, n, 3);
                Matrix<double> expected0 = Reference(a, ta, b, tb);
                Matrix<double> expected1 = expected0 + ReferenceMlp.ToDouble(c);

                Matrix accumulate = c.Clone();
                Gemm.Multiply(a, ta, b, tb, accumulate, beta: 1f);
                c.Span.Fill(float.NaN);
                Gemm.Multiply(a, ta, b, tb, c);

                AssertClose(expected0, c, k, $"beta=0 ta={ta} tb={tb}");
                AssertClose(expected1, accumulate, k, $"beta=1 ta={ta} tb={tb}");
            }
        }
    }

    /// <summary>The fused bias and ReLU give exactly the numbers of the product followed by the separate kernels, on every path.</summary>
    [TestMethod]
    [DynamicData(nameof(Sizes))]
    public void LinearEqualsProductThenBiasThenRelu(int m, int n, int k)
    {
        Matrix a = TestData.RandomMatrix(m, k, 1);
        Matrix w = TestData.RandomMatrix(k, n, 2);
        Matrix bias = TestData.RandomMatrix(1, n, 3);
        foreach (bool relu in new[] { false, true })
        {
            var expected = new Matrix(m, n);
            Gemm.Multiply(a, false, w, false, expected);
            MatrixKernels.AddRowVector(expected, bias.Span);
            if (relu)
            {
                Relu.Forward(expected.Span, expected.Span);
            }

            var fused = new Matrix(m, n);
            fused.Span.Fill(float.NaN);
            Gemm.Linear(a, w, bias, fused, relu);
            CollectionAssert.AreEqual(expected.Span.ToArray(), fused.Span.ToArray(), $"relu={relu}");
        }
    }

    /// <summary>
    /// On AVX-512 hardware full tiles go in pairs through the 512-bit kernel; with pairs off every tile goes through the
    /// 256-bit one. Both must give the same bits, for every transpose case, with beta 0 and 1, and through the fused layer.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Sizes))]
    public void TilePairsGiveTheNumbersOfSingleTiles(int m, int n, int k)
    {
        if (!GemmKernel.TilePairsSupported)
        {
            Assert.Inconclusive("This CPU has no accelerated AVX-512: only the 256-bit kernel runs here.");
        }

        try
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    Matrix a = ta ? TestData.RandomMatrix(k, m, 1) : TestData.RandomMatrix(m, k, 1);
                    Matrix b = tb ? TestData.RandomMatrix(n, k, 2) : TestData.RandomMatrix(k, n, 2);
                    Matrix c = TestData.RandomMatrix(m, n, 3);
                    float[][] results = new float[2][];
                    float[][] accumulated = new float[2][];
                    for (int pairs = 0; pairs < 2; pairs++)
                    {
                        GemmKernel.UseTilePairs = pairs == 1;
                        var product = new Matrix(m, n);
                        Gemm.Multiply(a, ta, b, tb, product);
                        Matrix sum = c.Clone();
                        Gemm.Multiply(a, ta, b, tb, sum, beta: 1f);
                        results[pairs] = product.Span.ToArray();
                        accumulated[pairs] = sum.Span.ToArray();
                    }

                    CollectionAssert.AreEqual(results[0], results[1], $"beta=0 ta={ta} tb={tb}");
                    CollectionAssert.AreEqual(accumulated[0], accumulated[1], $"beta=1 ta={ta} tb={tb}");
                }
            }

            Matrix x = TestData.RandomMatrix(m, k, 4);
            Matrix w = TestData.RandomMatrix(k, n, 5);
            Matrix bias = TestData.RandomMatrix(1, n, 6);
            float[][] layers = new float[2][];
            for (int pairs = 0; pairs < 2; pairs++)
            {
                GemmKernel.UseTilePairs = pairs == 1;
                var layer = new Matrix(m, n);
                Gemm.Linear(x, w, bias, layer, relu: true);
                layers[pairs] = layer.Span.ToArray();
            }

            CollectionAssert.AreEqual(layers[0], layers[1], "fused layer");
        }
        finally
        {
            GemmKernel.UseTilePairs = true;
        }
    }

    [TestMethod]
    public void LinearRejectsAMisshapenBias()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Linear(new Matrix(3, 4), new Matrix(4, 2), new Matrix(1, 3), new Matrix(3, 2), relu: true));
        StringAssert.Contains(ex.Message, "The bias must be 1×2 but is 1×3");
    }

    [TestMethod]
    public void WorksOnRowRangeViews()
    {
        Matrix big = TestData.RandomMatrix(50, 9, 4);
        Matrix view = big.RowRange(17, 20);
        Matrix w = TestData.RandomMatrix(9, 11, 5);
        var c = new Matrix(20, 11);
        Gemm.Multiply(view, false, w, false, c);
        AssertClose(Reference(view.Clone(), false, w, false), c, 9, "view");
    }

    [TestMethod]
    public void ZeroDepthScalesC()
    {
        var a = new Matrix(3, 0);
        var b = new Matrix(0, 4);
        Matrix c = TestData.RandomMatrix(3, 4, 6);
        Gemm.Multiply(a, false, b, false, c);
        CollectionAssert.AreEqual(new float[12], c.Span.ToArray());
    }

    [TestMethod]
    public void RejectsMismatchedShapes()
    {
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(new Matrix(3, 4), false, new Matrix(5, 2), false, new Matrix(3, 2)));
        StringAssert.Contains(ex.Message, "Inner dimensions differ");
        Assert.ThrowsExactly<ArgumentException>(() => Gemm.Multiply(new Matrix(3, 4), false, new Matrix(4, 2), false, new Matrix(2, 2)));
    }

    private static Matrix<double> Reference(Matrix a, bool ta, Matrix b, bool tb)
    {
        Matrix<double> da = ReferenceMlp.ToDouble(a);
        Matrix<double> db = ReferenceMlp.ToDouble(b);
        return (ta ? da.Transpose() : da) * (tb ? db.Transpose() : db);
    }

    private static void AssertClose(Matrix<double> expected, Matrix actual, int k, string what)
    {
        double tolerance = 1e-5 * Math.Sqrt(Math.Max(k, 1)) + 1e-6;
        for (int r = 0; r < actual.Rows; r++)
        {
            for (int c = 0; c < actual.Cols; c++)
            {
                double diff = Math.Abs(expected[r, c] - actual[r, c]);
                if (diff > tolerance * Math.Max(1, Math.Abs(expected[r, c])))
                {
                    Assert.Fail($"{what}: ({r},{c}) expected {expected[r, c]} got {actual[r, c]}");
                }
            }
        }
    }
}
