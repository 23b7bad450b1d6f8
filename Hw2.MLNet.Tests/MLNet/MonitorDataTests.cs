using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>
/// <see cref="MlpOptionsBase.MonitorData"/> is scored after every epoch with the task's loss (the same numbers a
/// validation set of the same rows gets) and steers nothing: early stopping, the weights kept and the scores are the
/// same with it as without it.
/// </summary>
[TestClass]
public sealed class MonitorDataTests
{
    private readonly MLContext ml = new(seed: 1);

    private IDataView Keyed(int rows, int seed) => SyntheticData.Keyed(ml, rows, seed);

    [TestMethod]
    public void MonitorDataGetsTheNumbersValidationDataOfTheSameRowsGets()
    {
        IDataView held = Keyed(90, 3);
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.MaxEpochs = 5;
        options.ValidationData = held;
        options.MonitorData = held;
        AssertMonitorEqualsValidation(new MlpTrainer(ml, options).Fit(Keyed(240, 1)).Model.History, classifier: true);
    }

    [TestMethod]
    public void BinaryAndRegressionMonitorsAgreeWithValidationToo()
    {
        IDataView binaryHeld = ml.Data.LoadFromEnumerable(TabularData.BinaryRows(80, 4));
        var binary = new MlpBinaryTrainerOptions { MaxEpochs = 4, Seed = 1, ValidationData = binaryHeld, MonitorData = binaryHeld };
        AssertMonitorEqualsValidation(new MlpBinaryTrainer(ml, binary).Fit(ml.Data.LoadFromEnumerable(TabularData.BinaryRows(200, 1))).Model.History, classifier: true);

        // The monitored labels are standardised like the training labels: the loss is in the same units as validation's.
        IDataView regressionHeld = ml.Data.LoadFromEnumerable(TabularData.RegressionRows(80, 4));
        var regression = new MlpRegressionTrainerOptions { MaxEpochs = 4, Seed = 1, ValidationData = regressionHeld, MonitorData = regressionHeld };
        IReadOnlyList<EpochRecord> history = new MlpRegressionTrainer(ml, regression).Fit(ml.Data.LoadFromEnumerable(TabularData.RegressionRows(200, 1))).Model.History;
        AssertMonitorEqualsValidation(history, classifier: false);
        Assert.IsTrue(history.All(r => r.MonitorLoss < 1), "half the squared error of labels of σ 1 (of raw labels, around 300, it would be some 10⁴)");
    }

    [TestMethod]
    public void MonitorDataSteersNothing()
    {
        MlpTrainerOptions Options()
        {
            MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
            options.MaxEpochs = 200;
            options.ValidationData = Keyed(90, 3);
            options.EarlyStopping = new PatienceStopping(MonitoredMetric.ValidationLoss, patience: 3, minDelta: 1e-3);
            return options;
        }

        MlpTrainerOptions monitored = Options();
        monitored.MonitorData = Keyed(120, 7);
        MlpModelParameters with = new MlpTrainer(ml, monitored).Fit(Keyed(240, 1)).Model;
        MlpModelParameters without = new MlpTrainer(ml, Options()).Fit(Keyed(240, 1)).Model;

        Assert.IsTrue(with.History.All(r => r.MonitorLoss is > 0 && r.MonitorAccuracy is >= 0 and <= 1));
        Assert.IsTrue(without.History.All(r => r.MonitorLoss is null && r.MonitorAccuracy is null));
        Assert.AreEqual(StopReason.NoImprovement, with.StopReason);
        Assert.AreEqual(without.WeightsEpoch, with.WeightsEpoch);
        HistoryAssert.AreEqual(
            without.History.Select(r => r with { Elapsed = TimeSpan.Zero }),
            with.History.Select(r => r with { Elapsed = TimeSpan.Zero, MonitorLoss = null, MonitorAccuracy = null }));
        for (int layer = 0; layer < without.Shape.LayerCount; layer++)
        {
            CollectionAssert.AreEqual(without.GetWeights(layer).ToArray(), with.GetWeights(layer).ToArray());
            CollectionAssert.AreEqual(without.GetBiases(layer).ToArray(), with.GetBiases(layer).ToArray());
        }
    }

    [TestMethod]
    public void MonitorDataOfAnotherWidthIsRefusedByName()
    {
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.MaxEpochs = 1;
        options.MonitorData = ml.Data.LoadFromEnumerable([new NarrowRow { Label = 1, Features = [1, 2, 3] }]);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, options).Fit(Keyed(60, 1)));
        StringAssert.StartsWith(ex.Message, "MonitorData has 3 features; the training data has ");
    }

    private static void AssertMonitorEqualsValidation(IReadOnlyList<EpochRecord> history, bool classifier)
    {
        Assert.IsNotEmpty(history);
        foreach (EpochRecord r in history)
        {
            Assert.IsNotNull(r.MonitorLoss);
            Assert.AreEqual(r.ValidationLoss, r.MonitorLoss, $"epoch {r.Epoch}");
            Assert.AreEqual(r.ValidationAccuracy, r.MonitorAccuracy, $"epoch {r.Epoch}");
            Assert.AreEqual(classifier, r.MonitorAccuracy is not null);
        }
    }

    private sealed class NarrowRow
    {
        [KeyType(3)]
        public uint Label { get; set; }

        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }
}
