using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>
/// Options of <see cref="MlpTrainer"/>. The defaults are the modern run of the homework's deep network: Adam at 1e-3
/// on shuffled minibatches of 128 for 10 epochs, inputs expected in about [0, 1] (scikit-learn's
/// <c>MLPClassifier</c> and Keras start from the same optimizer and rate). <see cref="Evaluation.HomeworkProtocol.Training"/>
/// gives the homework's raw-pixel, full-batch gradient-descent protocol.
/// </summary>
public sealed class MlpTrainerOptions
{
    /// <summary>Name of the label column; it must be a key type (use <c>MapValueToKey</c>). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Name of the feature column: a known-size vector of <see cref="float"/>. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Sizes of the hidden layers; empty gives the shallow network (one linear layer + softmax). Default [300, 100].</summary>
    public int[] HiddenLayers { get; set; } = [300, 100];

    /// <summary>Non-linearity after each hidden layer. Default <see cref="HiddenActivation.Relu"/>.</summary>
    public HiddenActivation Activation { get; set; } = HiddenActivation.Relu;

    /// <summary>How gradients are computed; all engines give the same numbers. Default <see cref="GradientEngine.Backprop"/>.</summary>
    public GradientEngine Engine { get; set; } = GradientEngine.Backprop;

    /// <summary>Step size (&gt; 0). Default 1e-3, Adam's usual rate; plain gradient descent on [0, 1] inputs wants about 0.1.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>The update rule. Default <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>μ of <see cref="OptimizerKind.Momentum"/> and <see cref="OptimizerKind.Nesterov"/>, in [0, 1). Default 0.9.</summary>
    public float Momentum { get; set; } = 0.9f;

    /// <summary>
    /// L2 penalty λ: <c>λ·W</c> is added to every weight gradient of the mean batch loss (the penalty <c>(λ/2)·‖W‖²</c>,
    /// coupled as in PyTorch's <c>weight_decay</c>); biases are not decayed. scikit-learn's <c>alpha</c> is per row
    /// (<c>α·W/n</c> for a batch of n rows), so λ = α/n. Default 0.
    /// </summary>
    public float WeightDecay { get; set; }

    /// <summary>Learning rate per epoch (<see cref="StepDecaySchedule"/>, <see cref="CosineDecaySchedule"/>); null keeps it constant.</summary>
    public ILearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>
    /// Rule that may stop before <see cref="MaxEpochs"/>: <see cref="LossChangeStopping"/> (the homework's) or
    /// <see cref="PatienceStopping"/> on a validation signal. Null runs every epoch.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>Fraction of the training rows held out, stratified and seeded, as the validation set. Default 0.</summary>
    public double ValidationFraction { get; set; }

    /// <summary>An explicit validation set with the same columns as the training data; takes precedence over <see cref="ValidationFraction"/>.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Rows per minibatch, shuffled every epoch; ≤ 0 trains on the whole set at once. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Number of epochs (≥ 1). Default 10.</summary>
    public int MaxEpochs { get; set; } = 10;

    /// <summary>Seed of the initial weights and the shuffles; null follows the <c>MLContext</c>'s seed. Default null.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// The divergence rule: <see cref="MlpTrainer.Fit"/> throws a <see cref="TrainingDivergedException"/> (epoch,
    /// batch, learning rate, the loss and the loss before the first update) when a batch's loss exceeds this many times
    /// the first batch's, or when a loss or weight is no longer finite. Default 1e4 (see
    /// <see cref="TrainingOptions.DivergenceFactor"/>); <see cref="double.PositiveInfinity"/> checks only for NaN and infinity.
    /// </summary>
    public double DivergenceFactor { get; set; } = TrainingOptions.DefaultDivergenceFactor;

    /// <summary>Receives every epoch's record as training goes. Default null.</summary>
    public IProgress<EpochRecord>? Progress { get; set; }

    /// <summary>Cancels <see cref="MlpTrainer.Fit"/> between batches with an <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        OptionRules.ColumnName(LabelColumnName, nameof(LabelColumnName));
        OptionRules.ColumnName(FeatureColumnName, nameof(FeatureColumnName));
        OptionRules.HiddenLayers(HiddenLayers);
        OptionRules.Known(Activation, nameof(Activation), "activation");
        OptionRules.Known(Engine, nameof(Engine), "gradient engine");
        OptionRules.Known(Optimizer, nameof(Optimizer), "optimizer");
        OptionRules.Momentum(Momentum);
        OptionRules.LearningRate(LearningRate);
        OptionRules.MaxEpochs(MaxEpochs);
        OptionRules.WeightDecay(WeightDecay);
        OptionRules.ValidationFraction(ValidationFraction);
        OptionRules.DivergenceFactor(DivergenceFactor);
        OptionRules.Schedule(LearningRateSchedule, MaxEpochs, LearningRate, nameof(LearningRateSchedule));
        OptionRules.EarlyStopping(
            EarlyStopping, ValidationFraction > 0 || ValidationData is not null, $"{nameof(ValidationFraction)} > 0 or {nameof(ValidationData)}");
    }

    /// <summary>The core training loop's options for these settings.</summary>
    internal TrainingOptions ToTrainingOptions(int seed, (Matrix Features, int[] Labels)? validation) => new()
    {
        Engine = Engine,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        MaxEpochs = MaxEpochs,
        Seed = seed,
        Optimizer = IOptimizer.Create(Optimizer, Momentum),
        WeightDecay = WeightDecay,
        Schedule = LearningRateSchedule,
        EarlyStopping = EarlyStopping,
        ValidationFraction = validation is null ? ValidationFraction : 0,
        ValidationFeatures = validation?.Features,
        ValidationLabels = validation?.Labels,
        DivergenceFactor = DivergenceFactor,
    };
}
