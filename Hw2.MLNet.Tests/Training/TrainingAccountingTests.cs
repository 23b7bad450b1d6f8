using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

/// <summary>
/// What an epoch record and the training loop's parts report, checked against direct computation: the gaps a
/// mutation run over Training/ found (each test names the mutants it kills).
/// </summary>
[TestClass]
public sealed class TrainingAccountingTests
{
    /// <summary>
    /// With a rate too small to move any weight, a minibatch epoch's loss and training accuracy are the untrained
    /// network's over all rows: the batch losses are weighted by their rows (a partial batch included) and the correct
    /// rows are summed, not subtracted or divided the other way.
    /// </summary>
    [TestMethod]
    public void AMinibatchEpochReportsTheMeanLossAndAccuracyOfAllRows()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(30, 4);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 5, 3), seed: 6);
        (double loss, double accuracy) = network.Evaluate(x, y);
        EpochRecord record = TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 1, LearningRate = 1e-30f, BatchSize = 7 }).History[0];
        Assert.AreEqual(loss, record.Loss, 1e-6);
        Assert.AreEqual(accuracy, record.TrainAccuracy, 1e-12);
        Assert.IsGreaterThan(0.0, accuracy);
    }

    /// <summary>
    /// Two minibatch epochs are the batcher's two seeded permutations, each batch one gradient step: the loop's
    /// weights equal those of the same steps taken by hand (so it reshuffles every epoch and steps after every batch).
    /// </summary>
    [TestMethod]
    public void MinibatchEpochsStepThroughAFreshPermutationEach()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(30, 4);
        var looped = MlpNetwork.CreateRandom(new MlpShape(4, 5, 3), seed: 6);
        TrainingLoop.Train(looped, x, y, new TrainingOptions { MaxEpochs = 2, LearningRate = 0.3f, BatchSize = 7, Seed = 9 });

        var manual = MlpNetwork.CreateRandom(new MlpShape(4, 5, 3), seed: 6);
        IGradientEngine engine = IGradientEngine.Create(GradientEngine.Backprop, manual);
        var batcher = new MiniBatcher<int>(x, y, 7, seed: 9);
        var step = new GradientDescent();
        for (int epoch = 0; epoch < 2; epoch++)
        {
            batcher.Shuffle();
            for (int b = 0; b < batcher.BatchCount; b++)
            {
                Batch<int> batch = batcher.GetBatch(b);
                engine.ComputeGradients(batch.Features, batch.Targets);
                step.Step(manual.Parameters.All, 0.3f);
            }
        }

        for (int p = 0; p < manual.Parameters.All.Count; p++)
        {
            CollectionAssert.AreEqual(manual.Parameters.All[p].Value.Span.ToArray(), looped.Parameters.All[p].Value.Span.ToArray(), manual.Parameters.All[p].Name);
        }
    }

    [TestMethod]
    public void TheScheduleAndTheOptimizerOfTheOptionsAreTheOnesUsed()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(30, 4);
        IReadOnlyList<EpochRecord> history = TrainingLoop.Train(
            MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 1), x, y,
            new TrainingOptions { MaxEpochs = 3, LearningRate = 0.4f, Schedule = new StepDecaySchedule(every: 1, factor: 0.5f) }).History;
        CollectionAssert.AreEqual(new[] { 0.4f, 0.2f, 0.1f }, history.Select(h => h.LearningRate).ToArray());

        float[] Weights(IOptimizer? optimizer)
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 1);
            TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 1, LearningRate = 0.01f, Optimizer = optimizer });
            return network.Parameters.Weights[0].Value.Span.ToArray();
        }

        CollectionAssert.AreNotEqual(Weights(null), Weights(new Adam()), "Adam's first step is η·sign(g), not η·g");
        CollectionAssert.AreEqual(Weights(null), Weights(new GradientDescent()));
    }

    /// <summary>A unit is dead in an epoch when all its outputs in that epoch are ≤ 0; what earlier epochs saw is forgotten.</summary>
    [TestMethod]
    public void DeadUnitsAreCountedPerEpoch()
    {
        var activity = new HiddenUnitActivity(new MlpShape(2, 4, 3, 2));
        activity.Observe([new Matrix(2, 4, [0f, 1f, -1f, 0f, 0f, 0f, -2f, 0.5f]), new Matrix(1, 3, [0f, 0f, 0f])]);
        CollectionAssert.AreEqual(new[] { 0.5, 1.0 }, activity.DeadFractions(), "layer 1: units 0 and 2 never above 0; layer 2 all dead");
        activity.Observe([new Matrix(1, 4, [0f, 0f, 0f, 0f]), new Matrix(1, 3, [0f, 0f, 1f])]);
        CollectionAssert.AreEqual(new[] { 0.5, 2.0 / 3 }, activity.DeadFractions(), "a second batch of the same epoch adds to the first");

        activity.Reset();
        activity.Observe([new Matrix(1, 4, [1f, 1f, 1f, 1f]), new Matrix(1, 3, [0f, 3f, 0f])]);
        CollectionAssert.AreEqual(new[] { 0.0, 2.0 / 3 }, activity.DeadFractions());
        Assert.ThrowsExactly<ArgumentNullException>(() => activity.Observe(null!));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => activity.Observe([new Matrix(1, 4)])).Message, "2 hidden layers but got 1");
    }

    /// <summary>
    /// A ReLU network's history reports the units dead in each epoch, not over the run so far: at a rate that kills
    /// units, epoch 2's figure is that of the network after one step (full batch), which has more dead units than the
    /// untrained one. A network without hidden layers reports none.
    /// </summary>
    [TestMethod]
    public void TheHistoryCountsDeadUnitsAfreshEachEpoch()
    {
        (Matrix x, int[] y) = TrainingLoopTests.Blobs(60, 2);
        var options = new TrainingOptions { MaxEpochs = 2, LearningRate = 20f, DivergenceFactor = double.PositiveInfinity };
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 16, 3), seed: 3);
        IReadOnlyList<EpochRecord> history = TrainingLoop.Train(network, x, y, options).History;

        var afterOneStep = MlpNetwork.CreateRandom(new MlpShape(4, 16, 3), seed: 3);
        TrainingLoop.Train(afterOneStep, x, y, new TrainingOptions { MaxEpochs = 1, LearningRate = 20f, DivergenceFactor = double.PositiveInfinity });
        var activity = new HiddenUnitActivity(afterOneStep.Shape);
        var pass = new ForwardPass(afterOneStep.Shape, x.Rows);
        pass.Run(afterOneStep, x);
        activity.Observe(pass.Hidden);

        Assert.IsGreaterThan(history[0].DeadUnitFractions![0], history[1].DeadUnitFractions![0], "the step killed units");
        CollectionAssert.AreEqual(activity.DeadFractions(), history[1].DeadUnitFractions!.ToArray());

        var shallow = MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 3);
        Assert.IsNull(TrainingLoop.Train(shallow, x, y, new TrainingOptions { MaxEpochs = 1 }).History[0].DeadUnitFractions);
    }

    /// <summary>Take copies each chosen row's features and label, in the order given.</summary>
    [TestMethod]
    public void TakeCopiesTheChosenRows()
    {
        var x = new Matrix(4, 2, [0, 1, 10, 11, 20, 21, 30, 31]);
        (Matrix taken, int[] labels) = StratifiedSplit.Take(x, [5, 6, 7, 8], [3, 1]);
        CollectionAssert.AreEqual(new float[] { 30, 31, 10, 11 }, taken.Span.ToArray());
        CollectionAssert.AreEqual(new[] { 8, 6 }, labels);
    }

    [TestMethod]
    public void TheRulesAndSplitsRefuseValuesOutsideTheirRanges()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new LossChangeStopping(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PatienceStopping(patience: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PatienceStopping(minDelta: -0.1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PatienceStopping((MonitoredMetric)9));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new StepDecaySchedule(every: 0, factor: 0.5f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new StepDecaySchedule(every: 1, factor: 0f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new StepDecaySchedule(every: 1, factor: 1.5f));
        _ = new StepDecaySchedule(every: 1, factor: 1f);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CosineDecaySchedule(epochs: 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CosineDecaySchedule(epochs: 3, minimum: -0.1f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StratifiedSplit.Indices([0, 1, 0, 1], 0, seed: 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StratifiedSplit.Indices([0, 1, 0, 1], 1, seed: 1));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => StratifiedSplit.Indices([0, 1], 0.1, seed: 1)).Message, "leaves no validation rows");
        var batcher = new MiniBatcher<int>(new Matrix(5, 1), [0, 0, 0, 0, 0], 2, seed: 1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => batcher.GetBatch(3));
        Assert.ThrowsExactly<ArgumentException>(() => new MiniBatcher<int>(new Matrix(5, 1), [0, 0], 2, seed: 1));
    }

    /// <summary>The rules' boundaries as the documentation states them: a change of exactly the tolerance does not stop; an improvement of exactly MinDelta is none.</summary>
    [TestMethod]
    public void TheRulesBoundariesAreStrict()
    {
        Assert.IsFalse(new LossChangeStopping(0.5).ShouldStop(EarlyStoppingTests.History(2.0, 1.5)), "|Δ| = tolerance is not below it");
        Assert.IsTrue(new LossChangeStopping(0.5).ShouldStop(EarlyStoppingTests.History(2.0, 1.75)));
        var patience = new PatienceStopping(MonitoredMetric.ValidationLoss, patience: 1, minDelta: 0.25);
        Assert.IsTrue(patience.ShouldStop(EarlyStoppingTests.History(1.0, 0.75)), "an improvement of exactly MinDelta is none");
        Assert.IsFalse(patience.ShouldStop(EarlyStoppingTests.History(1.0, 0.5)));
        var accuracy = new PatienceStopping(MonitoredMetric.ValidationAccuracy, patience: 1, minDelta: 0.25);
        Assert.IsTrue(accuracy.ShouldStop(EarlyStoppingTests.History(1.0, 0.75)), "accuracy 0 → 0.25: exactly MinDelta");
        Assert.IsNull(patience.BestEpoch([]));
        Assert.AreEqual(2, patience.BestEpoch(EarlyStoppingTests.History(1.0, 0.5)));
    }
}
