using Hw2.MLNet.Activations;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Losses;

/// <summary>The binary and regression losses against their definitions in double precision and their gradients against central differences.</summary>
[TestClass]
public sealed class OutputLossTests
{
    [TestMethod]
    public void LogisticLossIsTheMeanNegativeLogLikelihoodAndStaysFinite()
    {
        float[] z = [-800f, -3f, -0.5f, 0f, 0.5f, 3f, 800f];
        int[] y = [1, 0, 1, 0, 1, 0, 0];
        LossResult result = LogisticLoss.Instance.LossOverwriting(new Matrix(7, 1, [.. z]), y);
        double expected = 0;
        for (int i = 0; i < z.Length; i++)
        {
            // −log σ(z) for y = 1, −log(1 − σ(z)) for y = 0, each written as softplus so that ±800 stays exact.
            double zz = z[i];
            expected += y[i] == 1 ? Softplus(-zz) : Softplus(zz);
        }

        Assert.AreEqual(expected / z.Length, result.Loss, 1e-5 * expected / z.Length);
        Assert.IsTrue(float.IsFinite(result.Loss));
        Assert.AreEqual(2, result.Correct, "z ≥ 0 predicts 1: rows 1 (−3 → 0) and 4 (0.5 → 1) are right");
    }

    [TestMethod]
    public void LogisticGradientMatchesCentralDifferences()
    {
        float[] z = [-4f, -1.25f, -0.1f, 0.3f, 2f, 6f];
        int[] y = [0, 1, 1, 0, 1, 0];
        var gradient = new Matrix(6, 1);
        LogisticLoss.Instance.LossAndGradient(new Matrix(6, 1, [.. z]), y, gradient);
        for (int i = 0; i < z.Length; i++)
        {
            double Loss(double zi)
            {
                double sum = 0;
                for (int j = 0; j < z.Length; j++)
                {
                    double v = j == i ? zi : z[j];
                    sum += y[j] == 1 ? Softplus(-v) : Softplus(v);
                }

                return sum / z.Length;
            }

            double h = 1e-4;
            double numeric = (Loss(z[i] + h) - Loss(z[i] - h)) / (2 * h);
            Assert.AreEqual(numeric, gradient[i, 0], 1e-5, $"row {i}");
        }
    }

    [TestMethod]
    [DataRow(float.PositiveInfinity)]
    [DataRow(1.5f)]
    public void RegressionLossAndGradientMatchTheirDefinitions(float delta)
    {
        float[] o = [-3f, -0.5f, 0.2f, 1f, 4f, 10f];
        float[] t = [-1f, 0f, 0.2f, 2.4f, 1f, -2f];   // no residual at ±δ, where the loss has a kink
        double Loss(int changed, double value)
        {
            double sum = 0;
            for (int i = 0; i < o.Length; i++)
            {
                double r = (i == changed ? value : o[i]) - t[i];
                double a = Math.Abs(r);
                sum += a <= delta ? 0.5 * r * r : delta * (a - (0.5 * delta));
            }

            return sum / o.Length;
        }

        var gradient = new Matrix(6, 1);
        LossResult result = new RegressionLoss(delta).LossAndGradient(new Matrix(6, 1, [.. o]), t, gradient);
        Assert.AreEqual(Loss(-1, 0), result.Loss, 1e-6 * Loss(-1, 0));
        Assert.AreEqual(0, result.Correct);
        for (int i = 0; i < o.Length; i++)
        {
            const double h = 1e-3;
            double numeric = (Loss(i, o[i] + h) - Loss(i, o[i] - h)) / (2 * h);
            Assert.AreEqual(numeric, gradient[i, 0], 1e-4, $"delta {delta}, row {i}");
        }
    }

    /// <summary>Validation's loss-only pass gives the training step's loss and correct count, and writes no gradient.</summary>
    [TestMethod]
    public void TheLossOnlyPassGivesTheSameLossAsTheStep()
    {
        float[] z = [-2f, -0.25f, 0.5f, 3f, 1.5f];
        int[] y = [0, 1, 1, 0, 1];
        float[] t = [-1f, 0.5f, 0.25f, 2f, -3f];
        foreach ((LossResult step, LossResult only) in new[]
        {
            (LogisticLoss.Instance.LossAndGradient(new Matrix(5, 1, [.. z]), y, new Matrix(5, 1)), LogisticLoss.Instance.LossOverwriting(new Matrix(5, 1, [.. z]), y)),
            (new RegressionLoss(0.5f).LossAndGradient(new Matrix(5, 1, [.. z]), t, new Matrix(5, 1)), new RegressionLoss(0.5f).LossOverwriting(new Matrix(5, 1, [.. z]), t)),
            (RegressionLoss.SquaredError.LossAndGradient(new Matrix(5, 1, [.. z]), t, new Matrix(5, 1)), RegressionLoss.SquaredError.LossOverwriting(new Matrix(5, 1, [.. z]), t)),
        })
        {
            Assert.AreEqual(step, only);
            Assert.IsGreaterThan(0f, only.Loss);
        }
    }

    [TestMethod]
    public void BadShapesAndLabelsAreRefused()
    {
        string Message(Func<LossResult> run) => Assert.Throws<ArgumentException>(() => run()).Message;
        StringAssert.Contains(Message(() => LogisticLoss.Instance.LossOverwriting(new Matrix(2, 2), [0, 1])), "A binary classifier has one logit per row; got 2.");
        StringAssert.Contains(Message(() => LogisticLoss.Instance.LossOverwriting(new Matrix(2, 1), [0])), "Got 1 labels for 2 rows; need the same positive number.");
        StringAssert.Contains(Message(() => LogisticLoss.Instance.LossOverwriting(new Matrix(0, 1), [])), "Got 0 labels for 0 rows; need the same positive number.");
        StringAssert.Contains(Message(() => LogisticLoss.Instance.LossAndGradient(new Matrix(2, 1), [0, 1], new Matrix(3, 1))), "gradient");
        StringAssert.Contains(Message(() => LogisticLoss.Instance.LossOverwriting(new Matrix(2, 1), [0, 2])), "Label at row 1 must be 0 or 1.");
        StringAssert.Contains(Message(() => RegressionLoss.SquaredError.LossOverwriting(new Matrix(2, 2), [1f, 2f])), "A regression has one output per row; got 2.");
        StringAssert.Contains(Message(() => RegressionLoss.SquaredError.LossOverwriting(new Matrix(2, 1), [1f])), "Got 1 targets for 2 rows; need the same positive number.");
        StringAssert.Contains(Message(() => RegressionLoss.SquaredError.LossOverwriting(new Matrix(0, 1), [])), "Got 0 targets for 0 rows");
        StringAssert.Contains(Message(() => RegressionLoss.SquaredError.LossAndGradient(new Matrix(2, 1), [1f, 2f], new Matrix(2, 2))), "gradient");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RegressionLoss(0f)).Message, "The Huber threshold must be positive");
        Assert.ThrowsExactly<ArgumentNullException>(() => LogisticLoss.Instance.LossAndGradient(new Matrix(1, 1), [0], null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => RegressionLoss.SquaredError.LossAndGradient(new Matrix(1, 1), [0f], null!));
    }

    /// <summary>
    /// A block of a batch gets the gradient of the whole batch's mean loss (so the blocks' gradients are the batch's, bit
    /// for bit), its own mean loss and correct rows, and a bad target is named by its row in the batch: every loss.
    /// </summary>
    [TestMethod]
    public void ABlockOfABatchGetsTheBatchsGradientAndRowNumbers()
    {
        Matrix logits = TestData.RandomMatrix(9, 4, 1);
        int[] classes = [0, 3, 1, 2, 2, 0, 1, 3, 0];
        int[] bits = [0, 1, 1, 0, 1, 0, 0, 1, 1];
        float[] values = [.. TestData.RandomMatrix(9, 1, 2).Span];
        CheckBlocks(SoftmaxCrossEntropyLoss.Instance, logits, classes);
        CheckBlocks(LogisticLoss.Instance, TestData.RandomMatrix(9, 1, 4, 3f), bits);
        CheckBlocks(RegressionLoss.SquaredError, TestData.RandomMatrix(9, 1, 3), values);

        string Message(Func<LossResult> run) => Assert.Throws<ArgumentException>(() => run()).Message;
        StringAssert.Contains(Message(() => SoftmaxCrossEntropyLoss.Instance.LossAndGradient(new Matrix(2, 3), [0, 3], new Matrix(2, 3), new BatchBlock(40, 100))), "Label at row 41 must be a class index");
        StringAssert.Contains(Message(() => LogisticLoss.Instance.LossAndGradient(new Matrix(2, 1), [0, 2], new Matrix(2, 1), new BatchBlock(40, 100))), "Label at row 41 must be 0 or 1.");
    }

    private static void CheckBlocks<T>(IOutputLoss<T> loss, Matrix outputs, T[] targets)
        where T : unmanaged
    {
        int n = outputs.Rows;
        var whole = new Matrix(n, outputs.Cols);
        LossResult expected = loss.LossAndGradient(outputs.Clone(), targets, whole);
        var blocks = new Matrix(n, outputs.Cols);
        double lossSum = 0;
        int correct = 0;
        foreach ((int first, int rows) in new[] { (0, 4), (4, 5) })
        {
            LossResult part = loss.LossAndGradient(outputs.Clone().RowRange(first, rows), targets.AsSpan(first, rows), blocks.RowRange(first, rows), new BatchBlock(first, n));
            lossSum += (double)part.Loss * rows;
            correct += part.Correct;
        }

        CollectionAssert.AreEqual(whole.Span.ToArray(), blocks.Span.ToArray(), loss.GetType().Name);
        Assert.AreEqual(expected.Loss, lossSum / n, 1e-6 * Math.Max(1, expected.Loss), loss.GetType().Name);
        Assert.AreEqual(expected.Correct, correct, loss.GetType().Name);
    }

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}
