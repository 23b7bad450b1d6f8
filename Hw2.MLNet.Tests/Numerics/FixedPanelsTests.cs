using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Numerics;

/// <summary>
/// A fixed matrix (<see cref="Matrix.AsFixed"/>) keeps the A panels its products make, listed and for Aᵀ packed, and
/// its later products read them: the same numbers as a plain matrix's, bit for bit. Not beside other classes: the
/// zero-depth tests switch the listed tiles off for a while, and a transposed A with beta then gives other bits.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class FixedPanelsTests
{
    /// <summary>The zero-depth tiles' shapes: both orientations, the row-block and split-K paths, edge tiles and a zero-padded last panel.</summary>
    public static IEnumerable<object[]> Shapes => ZeroDepthsTests.Shapes;

    /// <summary>
    /// The first product of a fixed matrix (which makes its layout) and the second (which reads it) give the plain
    /// matrix's numbers: the product, the product added to half of C and (row-major) the fused layer; also for a fixed
    /// view that starts past the first row of its storage.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Shapes))]
    public void GivesThePlainMatrixsNumbers(int m, int n, int k, bool transposed)
    {
        ZeroDepthsTests.RequireFma();
        Matrix storage = ZeroDepthsTests.BandedA(transposed ? m : m + 1, transposed ? k + 1 : k, transposed, 21);
        Matrix plain = transposed ? storage.RowRange(1, k).Clone() : storage.RowRange(1, m).Clone();
        Matrix offsetView = transposed ? storage.RowRange(1, k) : storage.RowRange(1, m);
        Matrix b = TestData.RandomMatrix(k, n, 22);
        Matrix bias = TestData.RandomMatrix(1, n, 23);
        Matrix previous = TestData.RandomMatrix(m, n, 24);
        int[][] expected = Products(plain, transposed, b, bias, previous);
        foreach (Matrix a in new[] { plain.AsFixed(), offsetView.AsFixed() })
        {
            Assert.IsNotNull(a.FixedPanels, "the matrix keeps its panels");
            for (int call = 1; call <= 2; call++)
            {
                int[][] actual = Products(a, transposed, b, bias, previous);
                for (int i = 0; i < expected.Length; i++)
                {
                    CollectionAssert.AreEqual(expected[i], actual[i], $"result {i}, call {call}, offset {a.Offset}");
                }
            }
        }
    }

    /// <summary>
    /// The later products read the layout, not the matrix: ones written after the first product (which a fixed matrix's
    /// owner must not do) where a panel's six rows were all zero stay skipped, as its lists say; with the layouts
    /// switched off the product sees them.
    /// </summary>
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void LaterProductsReadTheLayout(bool transposed)
    {
        ZeroDepthsTests.RequireFma();
        const int m = 300, n = 64, k = 784;
        Matrix values = ZeroDepthsTests.BandedA(m, k, transposed, 25);
        Matrix a = values.AsFixed();
        Matrix b = TestData.RandomMatrix(k, n, 26);
        var first = new Matrix(m, n);
        Gemm.Multiply(a, transposed, b, false, first);

        // The depth steps at which all six rows of a panel are zero become ones: the lists skip them. The first panels,
        // which the product samples to decide whether to skip, stay as they are.
        int changed = 0;
        for (int i0 = 16 * GemmKernel.MR; i0 + GemmKernel.MR <= m; i0 += GemmKernel.MR)
        {
            for (int p = 0; p < k; p++)
            {
                bool zero = true;
                for (int i = i0; i < i0 + GemmKernel.MR; i++)
                {
                    zero &= (transposed ? a[p, i] : a[i, p]) == 0f;
                }

                for (int i = i0; zero && i < i0 + GemmKernel.MR; i++)
                {
                    a[transposed ? p : i, transposed ? i : p] = 1f;
                    changed++;
                }
            }
        }

        Assert.IsGreaterThan(1000, changed);

        var second = new Matrix(m, n);
        Gemm.Multiply(a, transposed, b, false, second);
        CollectionAssert.AreEqual(first.Span.ToArray(), second.Span.ToArray(), "the product from the layout");
        try
        {
            GemmKernel.UseFixedPanels = false;
            Gemm.Multiply(a, transposed, b, false, second);
        }
        finally
        {
            GemmKernel.UseFixedPanels = true;
        }

        CollectionAssert.AreNotEqual(first.Span.ToArray(), second.Span.ToArray(), "the product from the new values");
    }

    /// <summary>A matrix over the budget gets a plain view (no copy of its panels): full-batch training on 60000 images keeps its peak memory.</summary>
    [TestMethod]
    public void AMatrixOverTheBudgetKeepsNoPanels()
    {
        int rows = (int)(FixedPanels.MaxValues / 784) + 1;
        Matrix large = new Matrix(rows, 784).AsFixed();
        Assert.IsNull(large.FixedPanels);
        Assert.IsNotNull(new Matrix(rows - 1, 784).AsFixed().FixedPanels);
    }

    /// <summary>
    /// Full-batch training (whose batch is a fixed view of the rows) takes the same steps with the layouts on and off:
    /// the same losses and weights, bit for bit, over epochs that each multiply the rows both ways.
    /// </summary>
    [TestMethod]
    public void FullBatchTrainingTakesTheSameSteps()
    {
        ZeroDepthsTests.RequireFma();
        const int rows = 400;
        Matrix x = ZeroDepthsTests.BandedA(rows, 784, transposed: false, 27);
        int[] y = [.. Enumerable.Range(0, rows).Select(i => i % 10)];
        var histories = new double[2][];
        var weights = new float[2][];
        try
        {
            for (int on = 0; on < 2; on++)
            {
                GemmKernel.UseFixedPanels = on == 1;
                var network = MlpNetwork.CreateRandom(new MlpShape(784, 64, 10), seed: 28);
                TrainingResult result = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 4, LearningRate = 0.05f });
                histories[on] = [.. result.History.Select(e => e.Loss)];
                weights[on] = network.Parameters.Weights[0].Value.Span.ToArray();
            }
        }
        finally
        {
            GemmKernel.UseFixedPanels = true;
        }

        CollectionAssert.AreEqual(histories[0], histories[1], "losses");
        CollectionAssert.AreEqual(weights[0], weights[1], "first layer's weights");
        Assert.AreNotEqual(histories[1][0], histories[1][^1], "the network trains");
    }

    private static int[][] Products(Matrix a, bool transposed, Matrix b, Matrix bias, Matrix previous)
    {
        int m = previous.Rows, n = previous.Cols;
        var product = new Matrix(m, n);
        Gemm.Multiply(a, transposed, b, false, product);
        var accumulated = previous.Clone();
        Gemm.Multiply(a, transposed, b, false, accumulated, beta: 0.5f);
        var layer = new Matrix(m, n);
        if (!transposed)
        {
            Gemm.Linear(a, b, bias, layer, relu: true);
        }

        return [ZeroDepthsTests.Bits(product), ZeroDepthsTests.Bits(accumulated), ZeroDepthsTests.Bits(layer)];
    }
}
