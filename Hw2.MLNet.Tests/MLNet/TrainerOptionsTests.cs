using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.MLNet;

[TestClass]
public sealed class TrainerOptionsTests
{
    private readonly MLContext ml = new(seed: 1);

    private IDataView Keyed(int rows, int seed) => SyntheticData.Keyed(ml, rows, seed);

    [TestMethod]
    [DataRow(OptimizerKind.GradientDescent, 0.5f)]
    [DataRow(OptimizerKind.Momentum, 0.05f)]
    [DataRow(OptimizerKind.Nesterov, 0.05f)]
    [DataRow(OptimizerKind.Adam, 0.01f)]
    public void EveryOptimizerTrainsThroughThePipeline(OptimizerKind optimizer, float rate)
    {
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.Optimizer = optimizer;
        options.LearningRate = rate;
        options.LearningRateSchedule = new CosineDecaySchedule(options.MaxEpochs);
        MlpTransformer model = new MlpTrainer(ml, options).Fit(Keyed(240, 1));
        Assert.IsGreaterThan(0.9, ml.MulticlassClassification.Evaluate(model.Transform(Keyed(150, 2))).MicroAccuracy, optimizer.ToString());
        Assert.AreEqual(rate, model.Model.History[0].LearningRate, 1e-7f);
        Assert.IsLessThan(rate / 10, model.Model.History[^1].LearningRate);
    }

    [TestMethod]
    public void ValidationDataDrivesPatienceAndTheBestWeightsAreKept()
    {
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.MaxEpochs = 200;
        options.ValidationData = Keyed(90, 3);
        options.EarlyStopping = new PatienceStopping(MonitoredMetric.ValidationLoss, patience: 3, minDelta: 1e-3);
        MlpModelParameters model = new MlpTrainer(ml, options).Fit(Keyed(240, 1)).Model;
        Assert.IsTrue(model.History.All(r => r.ValidationLoss is not null));
        Assert.AreEqual(StopReason.NoImprovement, model.StopReason);
        Assert.AreEqual(model.History.Count - 3, model.WeightsEpoch);
        Assert.AreEqual(model.History.Min(r => r.ValidationLoss!.Value), model.History[model.WeightsEpoch - 1].ValidationLoss!.Value, 1e-3);
    }

    [TestMethod]
    public void ValidationFractionIsHeldOut()
    {
        MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 1);
        options.MaxEpochs = 3;
        options.ValidationFraction = 0.25;
        MlpModelParameters model = new MlpTrainer(ml, options).Fit(Keyed(240, 1)).Model;
        Assert.IsTrue(model.History.All(r => r.ValidationAccuracy is >= 0 and <= 1));
    }
}
