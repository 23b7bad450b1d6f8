using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

[TestClass]
public sealed class TrainingOptionsTests
{
    [TestMethod]
    public void SchedulesFollowTheirFormulas()
    {
        var step = new StepDecaySchedule(every: 2, factor: 0.5f);
        CollectionAssert.AreEqual(new[] { 1f, 1f, 0.5f, 0.5f, 0.25f }, Enumerable.Range(1, 5).Select(e => step.RateAt(e, 1f)).ToArray());
        var cosine = new CosineDecaySchedule(epochs: 4, minimum: 0.1f);
        float[] rates = [.. Enumerable.Range(1, 6).Select(e => cosine.RateAt(e, 1.1f))];
        Assert.AreEqual(1.1f, rates[0], 1e-6f);
        Assert.AreEqual(0.6f, rates[2], 1e-6f, "half way: the mean of the two ends");
        Assert.AreEqual(0.1f, rates[4], 1e-6f);
        Assert.AreEqual(0.1f, rates[5], 1e-6f);
    }

    [TestMethod]
    public void StratifiedSplitKeepsClassProportionsAndRepeatsPerSeed()
    {
        int[] labels = [.. Enumerable.Repeat(0, 100), .. Enumerable.Repeat(1, 50), .. Enumerable.Repeat(2, 10)];
        (int[] train, int[] validation) = StratifiedSplit.Indices(labels, 0.2, seed: 3);
        Assert.AreEqual(20, validation.Count(i => labels[i] == 0));
        Assert.AreEqual(10, validation.Count(i => labels[i] == 1));
        Assert.AreEqual(2, validation.Count(i => labels[i] == 2));
        CollectionAssert.AreEquivalent(Enumerable.Range(0, 160).ToArray(), train.Concat(validation).ToArray());
        CollectionAssert.AreEqual(validation, StratifiedSplit.Indices(labels, 0.2, seed: 3).Validation);
        CollectionAssert.AreNotEqual(validation, StratifiedSplit.Indices(labels, 0.2, seed: 4).Validation);
    }

    /// <summary>The in-place split gives what copying would, keeps its training part in the original storage, and copies only the validation rows.</summary>
    [TestMethod]
    public void PartitionInPlaceGivesTheRowsTakeGives()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(50, 3);
        (int[] train, int[] validation) = StratifiedSplit.Indices(y, 0.3, seed: 5);
        (Matrix tx, int[] ty) = StratifiedSplit.Take(x, y, train);
        (Matrix vx, int[] vy) = StratifiedSplit.Take(x, y, validation);
        float[] original = x.Span.ToArray();

        (Matrix px, int[] py, Matrix pvx, int[] pvy) = StratifiedSplit.PartitionInPlace(x, y, train, validation);
        CollectionAssert.AreEqual(tx.Span.ToArray(), px.Span.ToArray());
        CollectionAssert.AreEqual(ty, py);
        CollectionAssert.AreEqual(vx.Span.ToArray(), pvx.Span.ToArray());
        CollectionAssert.AreEqual(vy, pvy);
        Assert.AreSame(x.Data, px.Data, "the training part is a view, not a copy");
        Assert.AreNotSame(x.Data, pvx.Data);
        CollectionAssert.AreEqual(original.AsSpan(train.Length * 4).ToArray(), x.Span[(train.Length * 4)..].ToArray(), "rows past the training part are left as they were");

        (Matrix x2, int[] y2) = TrainingLoopTests.Blobs(6, 3);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => StratifiedSplit.PartitionInPlace(x2, y2, [2, 1], [0])).Message, "ascending");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => StratifiedSplit.PartitionInPlace(x2, y2, [1, 1], [0])).Message, "distinct");
    }

    /// <summary>
    /// The split's own checks (found unchecked by its mutation run): validation rows come out in row order, a fraction
    /// outside (0, 1) is refused, and a set too small to hold out a row of any class says so.
    /// </summary>
    [TestMethod]
    public void TheSplitKeepsRowOrderAndRefusesWhatItCannotHoldOut()
    {
        int[] labels = [.. Enumerable.Range(0, 60).Select(i => i % 3)];
        (int[] train, int[] validation) = StratifiedSplit.Indices(labels, 0.3, seed: 1);
        CollectionAssert.AreEqual(validation.Order().ToArray(), validation, "validation rows in row order, not class by class");
        CollectionAssert.AreEqual(train.Order().ToArray(), train);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StratifiedSplit.Indices(labels, 0, seed: 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StratifiedSplit.Indices(labels, 1, seed: 1));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => StratifiedSplit.Indices([0, 1, 2], 0.1, seed: 1));
        Assert.AreEqual("A validation fraction of 0.1 leaves no validation rows out of 3. (Parameter 'fraction')", ex.Message);
    }

    [TestMethod]
    public void HistoryHasOneRecordPerEpochWithValidationAndDeadUnits()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(150, 1);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 16, 8, 3), seed: 2);
        var result = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 7, LearningRate = 0.3f, BatchSize = 32, ValidationFraction = 0.2 });
        Assert.HasCount(7, result.History);
        Assert.AreEqual(StopReason.MaxEpochs, result.StopReason);
        Assert.IsTrue(result.History.All(r => r.ValidationLoss is > 0 && r.ValidationAccuracy is >= 0 and <= 1));
        Assert.IsTrue(result.History.All(r => r.DeadUnitFractions is { Count: 2 }));

        var tanh = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2, HiddenActivation.Tanh);
        Assert.IsNull(TrainingLoop.Train(tanh, x, y, new TrainingOptions { MaxEpochs = 1, LearningRate = 0.1f }).History[0].DeadUnitFractions);
    }

    [TestMethod]
    public void DeadReluUnitsAreCounted()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(60, 1);
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 10, 6, 3), seed: 2);
            network.Parameters.Biases[0].Value.Span[..5].Fill(-1000f);
            var result = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 2, LearningRate = 1e-3f, Engine = engine });
            Assert.AreEqual(0.5, result.History[0].DeadUnitFractions![0], 1e-12, $"{engine}: 5 of 10 units pushed below zero for every row");
        }
    }

    [TestMethod]
    public void PatienceRestoresTheBestWeights()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(90, 1);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2);
        float[]? afterEpochOne = null;
        var result = TrainingLoop.Train(
            network, x, y,
            new TrainingOptions { MaxEpochs = 20, LearningRate = 0.1f, EarlyStopping = new PatienceStopping(MonitoredMetric.TrainingLoss, patience: 2, minDelta: 1e9) },
            new CallbackProgress<EpochRecord>(e =>
            {
                if (e.Epoch == 1)
                {
                    afterEpochOne = [.. network.Parameters.All.SelectMany(p => p.Value.Span.ToArray())];
                }
            }));
        Assert.AreEqual(3, result.EpochsRun, "no epoch improves by 1e9, so patience 2 stops after epoch 3");
        Assert.AreEqual(StopReason.NoImprovement, result.StopReason);
        Assert.AreEqual(1, result.WeightsEpoch);
        CollectionAssert.AreEqual(afterEpochOne, network.Parameters.All.SelectMany(p => p.Value.Span.ToArray()).ToArray());
    }

    [TestMethod]
    public void LossChangeStoppingEndsTraining()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(90, 1);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2);
        var result = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 500, LearningRate = 0.05f, EarlyStopping = new LossChangeStopping(0.005) });
        Assert.IsLessThan(500, result.EpochsRun);
        Assert.AreEqual(StopReason.LossChangeBelowTolerance, result.StopReason);
        Assert.IsLessThan(0.005, Math.Abs(result.History[^2].Loss - result.History[^1].Loss));
        Assert.IsTrue(result.History.SkipLast(1).Skip(1).Select((r, i) => Math.Abs(result.History[i].Loss - r.Loss)).All(d => d >= 0.005));
    }

    [TestMethod]
    public void OptimizerStateIsResetBetweenFits()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(60, 1);
        var adam = new Adam();
        float[][] weights = [.. Enumerable.Range(0, 2).Select(_ =>
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2);
            TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 3, LearningRate = 0.01f, BatchSize = 16, Optimizer = adam });
            return network.Parameters.All.SelectMany(p => p.Value.Span.ToArray()).ToArray();
        })];
        CollectionAssert.AreEqual(weights[0], weights[1]);
    }

    [TestMethod]
    public void WeightDecayShrinksWeights()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(90, 1);
        double Norm(float decay)
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 8, 3), seed: 2);
            TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 50, LearningRate = 0.1f, WeightDecay = decay });
            return network.Parameters.Weights.Sum(w => w.Value.Span.ToArray().Sum(v => (double)v * v));
        }

        Assert.IsLessThan(Norm(0f) * 0.8, Norm(0.05f));
    }
}
