using System.Numerics.Tensors;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Tests.Activations;

[TestClass]
public sealed class ActivationTests
{
    [TestMethod]
    public void StableSoftmaxIsShiftInvariantAndFinite()
    {
        float[] large = new float[3];
        float[] small = new float[3];
        StableSoftmax.Compute([1000f, 1001f, 1002f], large);
        StableSoftmax.Compute([0f, 1f, 2f], small);
        CollectionAssert.AreEqual(small, large);
        Assert.IsTrue(large.All(float.IsFinite));
        Assert.AreEqual(1f, large.Sum(), 1e-6f);
        Assert.AreEqual(Math.Exp(2) / (1 + Math.E + Math.Exp(2)), large[2], 1e-6);
    }

    [TestMethod]
    public void NaiveSoftmaxOverflowsToNaN()
    {
        float[] p = new float[3];
        Softmax.Compute([1000f, 1001f, 1002f], p);
        Assert.IsTrue(p.All(float.IsNaN), string.Join(",", p));
        Softmax.Compute([0f, 1f, 2f], p);
        Assert.AreEqual(1f, p.Sum(), 1e-6f);
    }

    [TestMethod]
    public void CrossEntropyFromLogitsNeverTakesLogOfZero()
    {
        var logits = new Matrix(1, 2, [0f, 200f]);
        var probs = new Matrix(1, 2);
        StableSoftmax.Rows(logits, probs);
        Assert.AreEqual(0f, probs[0, 0]);
        Assert.AreEqual(float.PositiveInfinity, CrossEntropy.FromProbabilities(probs, [0]));
        Assert.AreEqual(200f, CrossEntropy.FromLogits(logits, [0]), 1e-4f);
    }

    [TestMethod]
    public void CrossEntropyFromProbabilitiesMatchesFromLogits()
    {
        var logits = new Matrix(2, 3, [1f, 2f, 3f, -1f, 0f, 4f]);
        var probs = new Matrix(2, 3);
        StableSoftmax.Rows(logits, probs);
        int[] labels = [0, 2];
        double expected = (-Math.Log(probs[0, 0]) - Math.Log(probs[1, 2])) / 2;
        Assert.AreEqual(expected, CrossEntropy.FromProbabilities(probs, labels), 1e-6);
        Assert.AreEqual(expected, CrossEntropy.FromLogits(logits, labels), 1e-5);
    }

    [TestMethod]
    public void FusedStepOverManyChunksMatchesTheRowByRowDefinition()
    {
        const int rows = 1000, classes = 10;
        var random = new Random(5);
        var logits = new Matrix(rows, classes);
        foreach (ref float v in logits.Span)
        {
            v = (random.NextSingle() * 20f) - 10f;
        }

        int[] labels = [.. Enumerable.Range(0, rows).Select(_ => random.Next(classes))];
        var probs = new Matrix(rows, classes);
        StableSoftmax.Rows(logits, probs);
        int expectedCorrect = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = logits.Row(r);
            expectedCorrect += row.IndexOf(TensorPrimitives.Max(row)) == labels[r] ? 1 : 0;
        }

        float expectedLoss = CrossEntropy.FromLogits(logits, labels);
        Matrix inPlace = logits.Clone();
        LossResult result = CrossEntropy.SoftmaxLossAndGradient(inPlace, labels, inPlace, scale: 2f);

        Assert.AreEqual(expectedCorrect, result.Correct);
        Assert.AreEqual(expectedLoss, result.Loss, 1e-5f);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < classes; c++)
            {
                float onehot = c == labels[r] ? 1f : 0f;
                Assert.AreEqual(2f * (probs[r, c] - onehot) / rows, inPlace[r, c], 1e-7f, $"row {r}, class {c}");
            }
        }
    }

    [TestMethod]
    public void FusedGradientIsSoftmaxMinusOneHotOverN()
    {
        var logits = new Matrix(2, 3, [1f, 2f, 3f, -1f, 0f, 4f]);
        var probs = new Matrix(2, 3);
        StableSoftmax.Rows(logits, probs);
        var grad = new Matrix(2, 3);
        LossResult result = CrossEntropy.SoftmaxLossAndGradient(logits, [2, 0], grad);
        Assert.AreEqual(1, result.Correct);
        Assert.AreEqual(CrossEntropy.FromLogits(logits, [2, 0]), result.Loss, 1e-6f);
        for (int r = 0; r < 2; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                float onehot = (r == 0 && c == 2) || (r == 1 && c == 0) ? 1f : 0f;
                Assert.AreEqual((probs[r, c] - onehot) / 2f, grad[r, c], 1e-6f);
            }
        }
    }

    [TestMethod]
    public void FusedGradientWritesNegligibleComponentsAsZeroAndKeepsTheLossExact()
    {
        // exp(z − max) per class: 1, e^-30 ≈ 9e-14 (kept), e^-36 ≈ 2.3e-16 (kept), e^-37 ≈ 8.5e-17 and e^-95 (negligible: 0).
        float[] row = [0f, -30f, -36f, -37f, -95f];
        var logits = new Matrix(1, 5, row);
        var grad = new Matrix(1, 5);
        LossResult result = CrossEntropy.SoftmaxLossAndGradient(logits, [4], grad);

        double sum = row.Sum(z => Math.Exp(z));
        Assert.AreEqual(Math.Log(sum) + 95.0, result.Loss, 1e-4, "the loss of a label far below the max stays exact");
        foreach (int c in new[] { 0, 1, 2 })
        {
            double expected = Math.Exp(row[c]) / sum;
            Assert.AreEqual(expected, grad[0, c], expected * 1e-5, $"class {c}");
        }

        Assert.AreEqual(0f, grad[0, 3]);
        Assert.AreEqual(-1f, grad[0, 4], "the label's component is −1/N whatever its probability");
        Assert.IsFalse(grad.Span.ToArray().Any(float.IsSubnormal));
    }

    /// <summary>
    /// Probabilities of many rows go through the same chunked kernel as one row: at chunk edges (255, 256, 257 rows and
    /// more than two chunks) every row equals its one-row softmax bit for bit (found by the mutation run: a chunk count
    /// one too high went unnoticed).
    /// </summary>
    [TestMethod]
    [DataRow(255)]
    [DataRow(256)]
    [DataRow(257)]
    [DataRow(769)]
    public void ManyRowsGetTheProbabilitiesOfEachRowAlone(int rows)
    {
        var random = new Random(rows);
        var logits = new Matrix(rows, 7);
        for (int i = 0; i < logits.Length; i++)
        {
            logits.Span[i] = (random.NextSingle() * 40f) - 20f;
        }

        var probabilities = new Matrix(rows, 7);
        StableSoftmax.Rows(logits, probabilities);
        float[] one = new float[7];
        int[] labels = [.. Enumerable.Range(0, rows).Select(r => r % 7)];
        double loss = 0;
        for (int r = 0; r < rows; r++)
        {
            StableSoftmax.Compute(logits.Row(r), one);
            CollectionAssert.AreEqual(one, probabilities.Row(r).ToArray(), $"row {r}");
            loss += CrossEntropy.FromLogits(new Matrix(1, 7, logits.Row(r).ToArray()), [labels[r]]);
        }

        Assert.AreEqual(loss / rows, CrossEntropy.FromLogits(logits, labels), 1e-5, "the loss path over the same chunks");
    }

    /// <summary>A tie between the largest logits counts the first as the prediction, as the scorer's predicted label does.</summary>
    [TestMethod]
    public void ATieCountsTheFirstClassAsPredicted()
    {
        var logits = new Matrix(2, 3, [2f, 2f, 0f, 1f, 3f, 3f]);
        Assert.AreEqual(2, CrossEntropy.SoftmaxLossAndGradient(logits.Clone(), [0, 1], new Matrix(2, 3)).Correct);
        Assert.AreEqual(0, CrossEntropy.SoftmaxLossAndGradient(logits.Clone(), [1, 2], new Matrix(2, 3)).Correct);
    }

    [TestMethod]
    public void CrossEntropyRejectsLabelsOutOfRange()
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CrossEntropy.FromLogits(new Matrix(2, 3), [0, 3]));
        StringAssert.Contains(ex.Message, "row 1");
    }

    [TestMethod]
    public void ReluAndItsDerivative()
    {
        float[] z = [-2f, 0f, 0.5f, 3f, -0.1f, 1f, 2f, -3f, 4f];
        float[] y = new float[z.Length];
        float[] d = new float[z.Length];
        Relu.Forward(z, y);
        Relu.Derivative(z, d);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 0.5f, 3f, 0f, 1f, 2f, 0f, 4f }, y);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 1f, 1f, 0f, 1f, 1f, 0f, 1f }, d);

        float[] g = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f];
        float[] back = Enumerable.Repeat(10f, z.Length).ToArray();
        Relu.Backward(y, g, back, beta: 1f);
        CollectionAssert.AreEqual(new[] { 10f, 10f, 13f, 14f, 10f, 16f, 17f, 10f, 19f }, back);
    }

    [TestMethod]
    public void SmoothActivationDerivativesMatchFiniteDifferences()
    {
        foreach (HiddenActivation act in new[] { HiddenActivation.Sigmoid, HiddenActivation.Tanh, HiddenActivation.Identity })
        {
            float[] z = [-1.5f, -0.2f, 0.3f, 2f];
            float[] y = new float[4];
            ActivationKernels.Forward(act, z, y);
            float[] grad = new float[4];
            ActivationKernels.Backward(act, y, [1f, 1f, 1f, 1f], grad);
            for (int i = 0; i < 4; i++)
            {
                float[] plus = new float[1];
                float[] minus = new float[1];
                ActivationKernels.Forward(act, [z[i] + 1e-3f], plus);
                ActivationKernels.Forward(act, [z[i] - 1e-3f], minus);
                Assert.AreEqual((plus[0] - minus[0]) / 2e-3f, grad[i], 2e-3f, $"{act} at {z[i]}");
            }
        }
    }
}
