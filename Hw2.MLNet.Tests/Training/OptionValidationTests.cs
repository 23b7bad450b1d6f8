using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.Training;

/// <summary>
/// Every option rule (<c>OptionRules</c>), through both ways of starting training: the trainers' options are refused
/// when each of the three trainers is built, the training loop's when <see cref="TrainingLoop.Train"/> is called, with
/// the same message. The values just inside each rule's range are accepted.
/// </summary>
[TestClass]
public sealed class OptionValidationTests
{
    private readonly MLContext ml = new(seed: 1);

    /// <summary>
    /// One bad value: how to set it on the trainer's options, the same value on the loop's options (null where the loop
    /// has no such option), and what the message must say.
    /// </summary>
    private sealed record BadValue(string Name, Action<MlpOptionsBase> Trainer, Func<TrainingOptions>? Loop, string Message);

    private static readonly BadValue[] Cases =
    [
        new("learning rate 0", o => o.LearningRate = 0, () => new() { LearningRate = 0 }, "LearningRate must be a positive finite number but is 0."),
        new("learning rate −1", o => o.LearningRate = -1, () => new() { LearningRate = -1 }, "LearningRate must be a positive finite number but is -1."),
        new("learning rate NaN", o => o.LearningRate = float.NaN, () => new() { LearningRate = float.NaN }, "LearningRate must be a positive finite number but is NaN."),
        new("learning rate ∞", o => o.LearningRate = float.PositiveInfinity, () => new() { LearningRate = float.PositiveInfinity }, "LearningRate must be a positive finite number"),
        new("0 epochs", o => o.MaxEpochs = 0, () => new() { MaxEpochs = 0 }, "MaxEpochs must be at least 1 but is 0."),
        new("weight decay −1", o => o.WeightDecay = -1, () => new() { WeightDecay = -1 }, "WeightDecay must be a finite number ≥ 0 but is -1."),
        new("weight decay NaN", o => o.WeightDecay = float.NaN, () => new() { WeightDecay = float.NaN }, "WeightDecay must be a finite number ≥ 0"),
        new("weight decay ∞", o => o.WeightDecay = float.PositiveInfinity, () => new() { WeightDecay = float.PositiveInfinity }, "WeightDecay must be a finite number ≥ 0"),
        new("dropout 1", o => o.Dropout = 1, () => new() { Dropout = 1 }, "Dropout must be in [0, 1) but is 1."),
        new("dropout −0.1", o => o.Dropout = -0.1f, () => new() { Dropout = -0.1f }, "Dropout must be in [0, 1) but is -0.1."),
        new("dropout NaN", o => o.Dropout = float.NaN, () => new() { Dropout = float.NaN }, "Dropout must be in [0, 1)"),
        new("input dropout 1", o => o.InputDropout = 1, () => new() { InputDropout = 1 }, "InputDropout must be in [0, 1) but is 1."),
        new("max norm 0", o => o.MaxNorm = 0, () => new() { MaxNorm = 0 }, "MaxNorm must be positive (float.PositiveInfinity for no constraint) but is 0."),
        new("max norm −1", o => o.MaxNorm = -1, () => new() { MaxNorm = -1 }, "MaxNorm must be positive"),
        new("max norm NaN", o => o.MaxNorm = float.NaN, () => new() { MaxNorm = float.NaN }, "MaxNorm must be positive"),
        new("validation fraction 1", o => o.ValidationFraction = 1, () => new() { ValidationFraction = 1 }, "ValidationFraction must be in [0, 1) but is 1."),
        new("validation fraction 1.5", o => o.ValidationFraction = 1.5, () => new() { ValidationFraction = 1.5 }, "ValidationFraction must be in [0, 1)"),
        new("validation fraction −0.1", o => o.ValidationFraction = -0.1, () => new() { ValidationFraction = -0.1 }, "ValidationFraction must be in [0, 1)"),
        new("divergence factor 1", o => o.DivergenceFactor = 1, () => new() { DivergenceFactor = 1 }, "DivergenceFactor must be greater than 1"),
        new("divergence factor 0.5", o => o.DivergenceFactor = 0.5, () => new() { DivergenceFactor = 0.5 }, "DivergenceFactor must be greater than 1"),
        new("divergence factor NaN", o => o.DivergenceFactor = double.NaN, () => new() { DivergenceFactor = double.NaN }, "DivergenceFactor must be greater than 1"),
        new("unknown engine", o => o.Engine = (GradientEngine)7, () => new() { Engine = (GradientEngine)7 }, "Engine 7 is not a known gradient engine."),
        new(
            "patience on validation loss without a validation set",
            o => o.EarlyStopping = new PatienceStopping(),
            () => new() { EarlyStopping = new PatienceStopping() },
            "EarlyStopping watches ValidationLoss, which needs ValidationFraction > 0 or"),
        new(
            "a cosine decay to 0 over 3 of 5 epochs",
            o => (o.MaxEpochs, o.LearningRateSchedule) = (5, new CosineDecaySchedule(3)),
            () => new() { MaxEpochs = 5, LearningRate = 0.1f, Schedule = new CosineDecaySchedule(3) },
            "The learning-rate schedule (CosineDecaySchedule over 3 epochs to 0) gives 0 for epoch 4 of the 5 to run"),
        new(
            "a cosine decay to 0 over 4 of 5 epochs (only the last epoch uncovered)",
            o => (o.MaxEpochs, o.LearningRateSchedule) = (5, new CosineDecaySchedule(4)),
            () => new() { MaxEpochs = 5, Schedule = new CosineDecaySchedule(4) },
            "gives 0 for epoch 5 of the 5 to run"),
        new("momentum 1", o => o.Momentum = 1, null, "Momentum must be in [0, 1) but is 1."),
        new("momentum −0.01", o => o.Momentum = -0.01f, null, "Momentum must be in [0, 1)"),
        new("momentum NaN", o => o.Momentum = float.NaN, null, "Momentum must be in [0, 1)"),
        new("hidden layer of 0 units", o => o.HiddenLayers = [300, 0], null, "HiddenLayers[1] is 0; every hidden layer needs at least one unit."),
        new("unknown activation", o => o.Activation = (HiddenActivation)9, null, "Activation 9 is not a known activation."),
        new("unknown optimizer", o => o.Optimizer = (OptimizerKind)9, null, "Optimizer 9 is not a known optimizer."),
        new("blank label column", o => o.LabelColumnName = " ", null, "LabelColumnName must name a column."),
        new("empty feature column", o => o.FeatureColumnName = string.Empty, null, "FeatureColumnName must name a column."),
    ];

    public static IEnumerable<object[]> BadValueNames => Cases.Select(c => new object[] { c.Name });

    [TestMethod]
    [DynamicData(nameof(BadValueNames))]
    public void ABadValueIsRefusedWithItsOptionNamed(string name)
    {
        BadValue bad = Cases.Single(c => c.Name == name);
        var options = new MlpTrainerOptions();
        var binary = new MlpBinaryTrainerOptions();
        var regression = new MlpRegressionTrainerOptions();
        bad.Trainer(options);
        bad.Trainer(binary);
        bad.Trainer(regression);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, options)).Message, bad.Message);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpBinaryTrainer(ml, binary)).Message, bad.Message);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpRegressionTrainer(ml, regression)).Message, bad.Message);

        if (bad.Loop is not null)
        {
            (Matrix x, int[] y) = TrainingLoopTests.Blobs(30, 1);
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 1);
            int epochsRun = 0;
            var loop = Assert.ThrowsExactly<ArgumentException>(() => TrainingLoop.Train(network, x, y, bad.Loop(), new CallbackProgress<EpochRecord>(_ => epochsRun++)));
            StringAssert.Contains(loop.Message, bad.Message);
            Assert.AreEqual(0, epochsRun, "refused before the first epoch");
        }
    }

    [TestMethod]
    [DataRow(0f)]
    [DataRow(-1f)]
    [DataRow(float.NaN)]
    public void AHuberThresholdThatIsNotPositiveIsRefused(float delta)
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HuberDelta = delta }));
        Assert.AreEqual("HuberDelta", error.ParamName);
        StringAssert.Contains(error.Message, $"HuberDelta must be positive (float.PositiveInfinity for the squared error) but is {delta}.");
        _ = new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HuberDelta = float.Epsilon });
        _ = new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HuberDelta = float.PositiveInfinity });
    }

    [TestMethod]
    public void ANullHiddenLayerListIsRefused() =>
        Assert.AreEqual("HiddenLayers", Assert.ThrowsExactly<ArgumentNullException>(() => new MlpTrainer(ml, new MlpTrainerOptions { HiddenLayers = null! })).ParamName);

    /// <summary>The edges of each range are accepted: a rule off by one at its boundary fails here.</summary>
    [TestMethod]
    public void ValuesAtTheEdgesOfTheRulesAreAccepted()
    {
        _ = new MlpTrainer(ml, new MlpTrainerOptions
        {
            Momentum = 0f,
            WeightDecay = 0f,
            ValidationFraction = 0,
            MaxEpochs = 1,
            LearningRate = float.Epsilon,
            DivergenceFactor = double.PositiveInfinity,
            HiddenLayers = [],
        });
        _ = new MlpTrainer(ml, new MlpTrainerOptions { Momentum = 0.999f, ValidationFraction = 0.999, DivergenceFactor = 1.0001 });
        _ = new MlpTrainer(ml, new MlpTrainerOptions { EarlyStopping = new PatienceStopping(), ValidationFraction = 0.1 });
        _ = new MlpTrainer(ml, new MlpTrainerOptions { EarlyStopping = new PatienceStopping(MonitoredMetric.TrainingLoss) });
        _ = new MlpTrainer(ml, new MlpTrainerOptions { MaxEpochs = 3, LearningRateSchedule = new CosineDecaySchedule(3) });
        _ = new MlpTrainer(ml, new MlpTrainerOptions { MaxEpochs = 5, LearningRateSchedule = new CosineDecaySchedule(3, minimum: 0.01f) });

        (Matrix x, int[] y) = TrainingLoopTests.Blobs(30, 1);
        var network = MlpNetwork.CreateRandom(new MlpShape(4, 3), seed: 1);
        TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 5, LearningRate = 0.1f, Schedule = new CosineDecaySchedule(3, minimum: 0.01f) });
        TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 3, LearningRate = 0.1f, Schedule = new CosineDecaySchedule(3) });
        TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 1, ValidationFraction = 0.5, EarlyStopping = new PatienceStopping() });
    }

    /// <summary>The loop's explicit validation set: one target per row, and it counts as validation for early stopping.</summary>
    [TestMethod]
    public void AValidationSetNeedsOneTargetPerRowAndSatisfiesPatience()
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(1, 2), seed: 1);
        var patience = new TrainingOptions { MaxEpochs = 1, EarlyStopping = new PatienceStopping() };
        (Matrix, int[]) ragged = (new Matrix(2, 1), [0]);
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => TrainingLoop.Train(network, new Matrix(2, 1), [0, 1], SoftmaxCrossEntropyLoss.Instance, patience, ragged)).Message,
            "The validation set has 2 rows and 1 targets; it needs one per row.");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => patience.Validate()).Message, "needs ValidationFraction > 0 or a validation set");
        patience.Validate(hasValidationSet: true);
        TrainingLoop.Train(network, new Matrix(2, 1), [0, 1], SoftmaxCrossEntropyLoss.Instance, patience, (new Matrix(1, 1), [1]));
    }
}
