using Hw2.MLNet.Activations;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Numerics;

[TestClass]
public sealed class SinglePassLinearTests
{
    /// <summary>
    /// Rows short of, at and past a block (64), of several blocks per thread and past the parallel threshold (1031 × 787
    /// × 10 and 3000 × 784 × 1 run on every core); outputs from one to ten, in one or two groups of five, some partial;
    /// depths with and without a tail after the 32- and 8-column vectors.
    /// </summary>
    public static IEnumerable<object[]> Shapes =>
    [
        [1, 3, 1], [63, 7, 3], [64, 13, 5], [65, 33, 10], [200, 40, 7], [129, 48, 2], [1031, 787, 10], [3000, 784, 1],
    ];

    /// <summary>
    /// Z and δ are the two-pass path's bit for bit, the loss its mean over all rows, and Xᵀ·δ the double-precision
    /// product's; softmax cross-entropy for several outputs, the squared error for one.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void MatchesTheTwoPassStep(int m, int k, int n)
    {
        if (n == 1)
        {
            CheckAgainstTwoPasses(m, k, n, RegressionLoss.SquaredError, RegressionTargets(m));
        }
        else
        {
            CheckAgainstTwoPasses(m, k, n, SoftmaxCrossEntropyLoss.Instance, TestData.RandomLabels(m, n, 4));
        }
    }

    /// <summary>On AVX-512 hardware the 512-bit weight-gradient kernel gives the 256-bit kernel's numbers bit for bit.</summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void WideKernelGivesTheNumbersOfTheNarrowOne(int m, int k, int n)
    {
        if (!GemmKernel.TilePairsSupported)
        {
            Assert.Inconclusive("This CPU has no accelerated AVX-512: only the 256-bit kernel runs here.");
        }

        (Matrix x, Matrix w, Matrix bias) = Layer(m, k, n);
        var gradients = new float[2][];
        try
        {
            for (int wide = 0; wide < 2; wide++)
            {
                GemmKernel.UseTilePairs = wide == 1;
                Matrix gradient = n == 1
                    ? RunSinglePass(x, w, bias, RegressionLoss.SquaredError, RegressionTargets(m)).Gradient
                    : RunSinglePass(x, w, bias, SoftmaxCrossEntropyLoss.Instance, TestData.RandomLabels(m, n, 4)).Gradient;
                gradients[wide] = gradient.Span.ToArray();
            }
        }
        finally
        {
            GemmKernel.UseTilePairs = true;
        }

        CollectionAssert.AreEqual(gradients[0], gradients[1]);
    }

    /// <summary>Each row is scored once, in blocks of 64 rows that tile the batch (the last one with the 40 left over), each told where it lies.</summary>
    [TestMethod]
    public void ScoresEveryRowOnceInBlocks()
    {
        (Matrix x, Matrix w, Matrix bias) = Layer(1000, 20, 4);
        var seen = new int[1000];
        new SinglePassLinear().Run(x, w, bias, new Matrix(1000, 4), new Matrix(1000, 4), new Matrix(20, 4), (first, rows) =>
        {
            Assert.IsTrue(first % SinglePassLinear.BlockRows == 0 && rows == (first == 896 ? 104 : SinglePassLinear.BlockRows), $"block [{first}, +{rows})");
            for (int r = first; r < first + rows; r++)
            {
                Interlocked.Increment(ref seen[r]);
            }

            return new LossResult(0f, 0);
        });

        CollectionAssert.AreEqual(Enumerable.Repeat(1, 1000).ToArray(), seen);
    }

    /// <summary>A bad label surfaces as the loss's own exception naming the first bad row, when each thread finds one (rows 700 and 2900).</summary>
    [TestMethod]
    public void ABadTargetIsReportedAsTheLossReportsIt()
    {
        (Matrix x, Matrix w, Matrix bias) = Layer(3000, 784, 10);
        int[] labels = TestData.RandomLabels(3000, 10, 4);
        labels[2900] = 10;
        labels[700] = -1;
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RunSinglePass(x, w, bias, SoftmaxCrossEntropyLoss.Instance, labels));
        StringAssert.Contains(ex.Message, "Label at row 700 must be a class index in [0, 10)");
    }

    [TestMethod]
    public void RejectsAWideOrMisshapenLayer()
    {
        var pass = new SinglePassLinear();
        static LossResult None(int first, int rows) => default;
        var ex = Assert.ThrowsExactly<ArgumentException>(() => pass.Run(new Matrix(5, 3), new Matrix(3, 11), new Matrix(1, 11), new Matrix(5, 11), new Matrix(5, 11), new Matrix(3, 11), None));
        StringAssert.Contains(ex.Message, "n ≤ 10");
        ex = Assert.ThrowsExactly<ArgumentException>(() => pass.Run(new Matrix(5, 3), new Matrix(3, 2), new Matrix(1, 2), new Matrix(4, 2), new Matrix(5, 2), new Matrix(3, 2), None));
        StringAssert.Contains(ex.Message, "Expected a 5×2 matrix but got 4×2");
    }

    private static void CheckAgainstTwoPasses<T>(int m, int k, int n, IOutputLoss<T> loss, T[] targets)
        where T : unmanaged
    {
        (Matrix x, Matrix w, Matrix bias) = Layer(m, k, n);
        var expectedZ = new Matrix(m, n);
        Gemm.Linear(x, w, bias, expectedZ, relu: false);
        var expectedDelta = new Matrix(m, n);
        LossResult expected = loss.LossAndGradient(expectedZ.Clone(), targets, expectedDelta);

        (LossResult actual, Matrix z, Matrix delta, Matrix gradient) = RunSinglePass(x, w, bias, loss, targets);

        CollectionAssert.AreEqual(expectedZ.Span.ToArray(), z.Span.ToArray(), "Z");
        CollectionAssert.AreEqual(expectedDelta.Span.ToArray(), delta.Span.ToArray(), "δ");
        Assert.AreEqual(expected.Loss, actual.Loss, 1e-6f * Math.Max(1f, expected.Loss), "loss");
        Assert.AreEqual(expected.Correct, actual.Correct, "correct rows");
        Matrix<double> reference = ReferenceMlp.ToDouble(x).Transpose() * ReferenceMlp.ToDouble(delta);
        double scale = reference.Enumerate().Max(Math.Abs);
        Assert.IsTrue(scale > 0, "a zero gradient would prove nothing");
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < n; j++)
            {
                Assert.AreEqual(reference[c, j], gradient[c, j], 1e-5 * scale, $"Xᵀ·δ[{c}, {j}]");
            }
        }
    }

    private static float[] RegressionTargets(int m) => [.. TestData.RandomMatrix(m, 1, 4, 3f).Span];

    private static (Matrix X, Matrix W, Matrix Bias) Layer(int m, int k, int n) =>
        (TestData.RandomMatrix(m, k, 1), TestData.RandomMatrix(k, n, 2, 0.3f), TestData.RandomMatrix(1, n, 3));

    private static (LossResult Result, Matrix Z, Matrix Delta, Matrix Gradient) RunSinglePass<T>(Matrix x, Matrix w, Matrix bias, IOutputLoss<T> loss, T[] targets)
        where T : unmanaged
    {
        int m = x.Rows, n = w.Cols;
        var z = new Matrix(m, n);
        var delta = new Matrix(m, n);
        var gradient = new Matrix(x.Cols, n);
        z.Span.Fill(float.NaN);
        gradient.Span.Fill(float.NaN);
        LossResult result = new SinglePassLinear().Run(x, w, bias, z, delta, gradient, (first, rows) =>
            loss.LossAndGradient(z.RowRange(first, rows), targets.AsSpan(first, rows), delta.RowRange(first, rows), new BatchBlock(first, m)));
        return (result, z, delta, gradient);
    }
}
