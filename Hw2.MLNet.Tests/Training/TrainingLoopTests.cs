using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

[TestClass]
public sealed class TrainingLoopTests
{
    /// <summary>Three well-separated Gaussian blobs in 4 dimensions.</summary>
    internal static (Matrix X, int[] Y) Blobs(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new Matrix(rows, 4);
        var y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++)
            {
                x[i, j] = (float)(((j == y[i] ? 3 : 0) + NextGaussian(random)) * 0.5);
            }
        }

        return (x, y);
    }

    private static double NextGaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void LearnsSeparableDataWithFullBatchAndMinibatches(GradientEngine engine)
    {
        (Matrix x, int[] y) = Blobs(300, 1);
        foreach (int batchSize in new[] { -1, 32 })
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 16, 3), seed: 2);
            var history = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 60, LearningRate = 0.5f, BatchSize = batchSize, Engine = engine }).History;
            Assert.HasCount(60, history);
            Assert.IsLessThan(history[0].Loss / 3, history[^1].Loss, $"batch {batchSize}");
            Assert.IsGreaterThan(0.95, network.Evaluate(x, y).Accuracy, $"batch {batchSize}");
        }
    }

    [TestMethod]
    public void SameSeedGivesIdenticalHistoryAndWeightsForEveryEngine()
    {
        (Matrix x, int[] y) = Blobs(100, 3);
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            var runs = Enumerable.Range(0, 2).Select(_ =>
            {
                var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 9);
                var history = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 5, LearningRate = 0.3f, BatchSize = 16, Seed = 4, Engine = engine }).History;
                return (Losses: history.Select(h => h.Loss).ToArray(), Weights: network.Parameters.All.SelectMany(p => p.Value.Span.ToArray()).ToArray());
            }).ToArray();
            CollectionAssert.AreEqual(runs[0].Losses, runs[1].Losses, engine.ToString());
            CollectionAssert.AreEqual(runs[0].Weights, runs[1].Weights, engine.ToString());
        }
    }

    [TestMethod]
    public void EnginesFollowTheSameTrajectory()
    {
        (Matrix x, int[] y) = Blobs(100, 3);
        double[][] losses = [.. Enum.GetValues<GradientEngine>().Select(engine =>
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 8, 3), seed: 9);
            return TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 10, LearningRate = 0.3f, BatchSize = 16, Engine = engine })
                .History.Select(h => h.Loss).ToArray();
        })];
        for (int e = 0; e < 10; e++)
        {
            Assert.AreEqual(losses[0][e], losses[1][e], 1e-4, $"epoch {e + 1}");
            Assert.AreEqual(losses[0][e], losses[2][e], 1e-4, $"epoch {e + 1}");
        }
    }

    /// <summary>
    /// Training with a held-out fraction is training on the split's training rows alone: the same losses and weights
    /// as a run given only those rows, and each epoch's validation figures are the held-out rows' own.
    /// </summary>
    [TestMethod]
    public void ValidationFractionHoldsItsRowsOutOfTraining()
    {
        (Matrix x, int[] y) = Blobs(120, 6);
        var options = new TrainingOptions { MaxEpochs = 4, LearningRate = 0.3f, BatchSize = 16, Seed = 8 };
        var withSplit = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2);
        var split = TrainingLoop.Train(withSplit, x.Clone(), y, new TrainingOptions { MaxEpochs = 4, LearningRate = 0.3f, BatchSize = 16, Seed = 8, ValidationFraction = 0.25 });

        (int[] trainRows, int[] validationRows) = StratifiedSplit.Indices(y, 0.25, seed: 8);
        Assert.HasCount(30, validationRows);
        (Matrix tx, int[] ty) = StratifiedSplit.Take(x, y, trainRows);
        (Matrix vx, int[] vy) = StratifiedSplit.Take(x, y, validationRows);
        var alone = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2);
        var plain = TrainingLoop.Train(alone, tx, ty, options);

        CollectionAssert.AreEqual(plain.History.Select(h => h.Loss).ToArray(), split.History.Select(h => h.Loss).ToArray());
        CollectionAssert.AreEqual(alone.Parameters.All.SelectMany(p => p.Value.Span.ToArray()).ToArray(), withSplit.Parameters.All.SelectMany(p => p.Value.Span.ToArray()).ToArray());
        (double loss, double accuracy) = withSplit.Evaluate(vx, vy);
        Assert.AreEqual(loss, split.History[^1].ValidationLoss!.Value, 1e-12);
        Assert.AreEqual(accuracy, split.History[^1].ValidationAccuracy!.Value, 1e-12);
    }

    /// <summary>One full-batch step with decay λ moves each weight by an extra −η·λ·w and leaves every bias where the undecayed step puts it.</summary>
    [TestMethod]
    public void WeightDecayShrinksWeightsAndLeavesBiasesAlone()
    {
        (Matrix x, int[] y) = Blobs(60, 7);
        const float rate = 0.5f, decay = 0.1f;
        MlpNetwork Step(float weightDecay)
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 6, 3), seed: 3);
            TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 1, LearningRate = rate, WeightDecay = weightDecay });
            return network;
        }

        MlpParameters initial = MlpNetwork.CreateRandom(new MlpShape(4, 6, 3), seed: 3).Parameters;
        MlpParameters plain = Step(0).Parameters, decayed = Step(decay).Parameters;
        for (int l = 0; l < initial.Weights.Count; l++)
        {
            CollectionAssert.AreEqual(plain.Biases[l].Value.Span.ToArray(), decayed.Biases[l].Value.Span.ToArray(), $"b{l + 1}");
            ReadOnlySpan<float> w0 = initial.Weights[l].Value.Span, w = plain.Weights[l].Value.Span, wd = decayed.Weights[l].Value.Span;
            for (int i = 0; i < w0.Length; i++)
            {
                Assert.AreEqual(w[i] - (rate * decay * w0[i]), wd[i], 1e-6, $"W{l + 1}[{i}]");
            }
        }
    }

    [TestMethod]
    public void DivergenceNamesEpochBatchAndLearningRate()
    {
        (Matrix x, int[] y) = Blobs(64, 5);
        x.Span.Fill(1e18f);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 1);
        var ex = Assert.ThrowsExactly<TrainingDivergedException>(
            () => TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 50, LearningRate = 1e6f }));
        StringAssert.Contains(ex.Message, "epoch");
        StringAssert.Contains(ex.Message, "1000000");
        Assert.IsGreaterThanOrEqualTo(1, ex.Epoch);
        Assert.AreEqual(1, ex.Batch);
    }

    [TestMethod]
    public void AnEmptySetAndAZeroSizedLayerAreRefused()
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 1);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TrainingLoop.Train(network, new Matrix(0, 4), [], new TrainingOptions())).Message, "empty");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpShape(784, 0, 10)).Message, "index 1");
    }

    [TestMethod]
    public void CancellationStopsTraining()
    {
        (Matrix x, int[] y) = Blobs(10, 1);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 1);
        using var cts = new CancellationTokenSource();
        Assert.ThrowsExactly<OperationCanceledException>(() => TrainingLoop.Train(
            network, x, y, new TrainingOptions { MaxEpochs = 1000, LearningRate = 0.1f }, progress: new CallbackProgress<EpochRecord>(e => { if (e.Epoch == 3) { cts.Cancel(); } }), cts.Token));
    }
}
