using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

/// <summary>The max-norm constraint against its definition, and in training.</summary>
[TestClass]
public sealed class MaxNormTests
{
    /// <summary>
    /// Each hidden unit's incoming column longer than c comes out with norm c and its direction kept; shorter columns,
    /// the biases and the output layer are not touched (bit for bit).
    /// </summary>
    [TestMethod]
    public void LongColumnsOfHiddenLayersAreScaledToTheLimitAndNothingElseChanges()
    {
        var shape = new MlpShape(7, 5, 4, 3);
        MlpParameters p = MlpParameters.CreateRandom(shape, seed: 2);
        foreach (Parameter w in p.Weights)
        {
            TestData.RandomMatrix(w.Value.Rows, w.Value.Cols, seed: 9, scale: 1.5f).Span.CopyTo(w.Value.Span);
        }

        const float limit = 1.6f;
        float[][] before = [.. p.All.Select(q => q.Value.Span.ToArray())];
        new MaxNormConstraint(shape, limit).Apply(p);

        int scaled = 0, kept = 0;
        for (int l = 0; l < 2; l++)
        {
            Matrix w = p.Weights[l].Value;
            float[] old = before[2 * l];
            for (int j = 0; j < w.Cols; j++)
            {
                double norm = Math.Sqrt(Enumerable.Range(0, w.Rows).Sum(r => (double)old[(r * w.Cols) + j] * old[(r * w.Cols) + j]));
                for (int r = 0; r < w.Rows; r++)
                {
                    double expected = norm > limit ? old[(r * w.Cols) + j] * (limit / norm) : old[(r * w.Cols) + j];
                    Assert.AreEqual(expected, w[r, j], 1e-6, $"layer {l}, unit {j}, row {r}");
                    if (norm <= limit)
                    {
                        Assert.AreEqual(old[(r * w.Cols) + j], w[r, j], $"layer {l}, unit {j}: a short column is not touched");
                    }
                }

                scaled += norm > limit ? 1 : 0;
                kept += norm > limit ? 0 : 1;
            }
        }

        Assert.IsTrue(scaled > 0 && kept > 0, $"the case has both kinds of column ({scaled} scaled, {kept} kept)");
        CollectionAssert.AreEqual(before[4], p.Weights[2].Value.Span.ToArray(), "the output layer is not constrained");
        for (int l = 0; l < 3; l++)
        {
            CollectionAssert.AreEqual(before[(2 * l) + 1], p.Biases[l].Value.Span.ToArray(), $"bias {l}");
        }
    }

    [TestMethod]
    public void TrainingKeepsEveryHiddenColumnWithinTheLimit()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(120, 3);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 16, 8, 3), seed: 1);
        const float limit = 0.4f;
        TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 5, LearningRate = 0.5f, BatchSize = 16, MaxNorm = limit });
        for (int l = 0; l < 2; l++)
        {
            Matrix w = network.Parameters.Weights[l].Value;
            double longest = Enumerable.Range(0, w.Cols).Max(j => Math.Sqrt(Enumerable.Range(0, w.Rows).Sum(r => (double)w[r, j] * w[r, j])));
            Assert.IsLessThanOrEqualTo(limit * (1 + 1e-5), longest, $"layer {l}");
            Assert.IsGreaterThan(limit * 0.9, longest, $"layer {l}: the limit binds in this run");
        }
    }

    /// <summary>A limit no column reaches gives the numbers of training without the constraint, bit for bit.</summary>
    [TestMethod]
    public void ALimitThatNeverBindsChangesNothing()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(90, 4);
        double[] Losses(float maxNorm)
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 12, 3), seed: 5);
            return [.. TrainingLoop.Train(network, x.Clone(), y, new TrainingOptions { MaxEpochs = 4, LearningRate = 0.3f, BatchSize = 10, MaxNorm = maxNorm }).History.Select(r => r.Loss)];
        }

        CollectionAssert.AreEqual(Losses(float.PositiveInfinity), Losses(1e30f));
        CollectionAssert.AreNotEqual(Losses(float.PositiveInfinity), Losses(0.2f), "a limit that binds changes the run");
    }

    /// <summary>The trainers' option reaches the loop: a model trained with it has every hidden column within the limit.</summary>
    [TestMethod]
    public void TheTrainersOptionConstrainsTheModel()
    {
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var options = new MlpBinaryTrainerOptions { HiddenLayers = [16], MaxEpochs = 5, LearningRate = 0.05f, Seed = 1, MaxNorm = 0.5f };
        MlpModelParameters model = new MlpBinaryTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(Hw2.MLNet.Tests.MLNet.TabularData.BinaryRows(200, 1))).Model;
        float[] w = model.GetWeights(0).ToArray();
        int cols = model.Shape.LayerSizes[1];
        double longest = Enumerable.Range(0, cols).Max(j => Math.Sqrt(Enumerable.Range(0, w.Length / cols).Sum(r => (double)w[(r * cols) + j] * w[(r * cols) + j])));
        Assert.IsLessThanOrEqualTo(0.5 * (1 + 1e-5), longest);
        Assert.IsGreaterThan(0.45, longest, "the limit binds in this run");
    }
}
