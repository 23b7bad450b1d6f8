using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>
/// What the options of the three trainers share, with the same names and meanings: <see cref="MlpTrainerOptions"/>
/// (multiclass), <see cref="MlpBinaryTrainerOptions"/> and <see cref="MlpRegressionTrainerOptions"/>. Each of them
/// states its own defaults where they differ (the network's size, the epochs and the batch size).
/// </summary>
public abstract class MlpOptionsBase
{
    private protected MlpOptionsBase(int[] hiddenLayers, int batchSize, int maxEpochs, float weightDecay)
    {
        HiddenLayers = hiddenLayers;
        BatchSize = batchSize;
        MaxEpochs = maxEpochs;
        WeightDecay = weightDecay;
    }

    /// <summary>Name of the label column (its type depends on the task). Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Name of the feature column: a known-size vector of <see cref="float"/>. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Sizes of the hidden layers; empty gives a linear model (one layer, no hidden units).</summary>
    public int[] HiddenLayers { get; set; }

    /// <summary>Non-linearity after each hidden layer. Default <see cref="HiddenActivation.Relu"/>.</summary>
    public HiddenActivation Activation { get; set; } = HiddenActivation.Relu;

    /// <summary>
    /// How the weights are drawn: <see cref="WeightInitialization.Uniform"/> (the homework's ±1/√fan_in, the default,
    /// which every result in the docs used) or <see cref="WeightInitialization.HeUniform"/> (±√(6/fan_in), biases 0;
    /// what PyTorch and Keras users reach for with deep or wide ReLU networks).
    /// </summary>
    public WeightInitialization Initialization { get; set; } = WeightInitialization.Uniform;

    /// <summary>How gradients are computed; all engines give the same numbers. Default <see cref="GradientEngine.Backprop"/>.</summary>
    public GradientEngine Engine { get; set; } = GradientEngine.Backprop;

    /// <summary>Step size (&gt; 0). Default 1e-3, Adam's usual rate; plain gradient descent on [0, 1] inputs wants about 0.1.</summary>
    public float LearningRate { get; set; } = 1e-3f;

    /// <summary>The update rule. Default <see cref="OptimizerKind.Adam"/> (scikit-learn's and Keras' default too).</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>μ of <see cref="OptimizerKind.Momentum"/> and <see cref="OptimizerKind.Nesterov"/>, in [0, 1). Default 0.9.</summary>
    public float Momentum { get; set; } = 0.9f;

    /// <summary>
    /// L2 penalty λ: <c>λ·W</c> is added to every weight gradient of the mean batch loss (the penalty <c>(λ/2)·‖W‖²</c>,
    /// coupled as in PyTorch's <c>weight_decay</c>); biases are not decayed. scikit-learn's <c>alpha</c> is per row
    /// (<c>α·W/n</c> for a batch of n rows), so λ = α/n.
    /// </summary>
    public float WeightDecay { get; set; }

    /// <summary>
    /// Fraction p of each hidden layer's units zeroed in training, drawn afresh for every row of every batch from the
    /// training seed (inverted dropout, Srivastava et al. 2014: the units kept are scaled by 1/(1 − p), so scoring uses
    /// the weights as they are and never drops anything). In [0, 1); default 0, no dropout.
    /// </summary>
    public float Dropout { get; set; }

    /// <summary>Fraction of the input features zeroed in training, the same way (Srivastava et al. used 0.2). In [0, 1); default 0.</summary>
    public float InputDropout { get; set; }

    /// <summary>
    /// Max-norm constraint c (Srivastava et al. 2014, used with dropout at c ≈ 3–4): after every update each hidden
    /// unit's incoming weight vector (bias excluded) is scaled down to Euclidean norm c when it is longer; the output
    /// layer is left alone. Default <see cref="float.PositiveInfinity"/>: no constraint.
    /// </summary>
    public float MaxNorm { get; set; } = float.PositiveInfinity;

    /// <summary>
    /// A label-preserving change of every training row, drawn afresh per row and batch (seeded by <see cref="Seed"/>)
    /// and never applied to validation, monitored or scored rows: <see cref="RandomShift"/> moves images by a few
    /// pixels. Training accuracy is then measured on the changed rows. Default null: the rows as they are.
    /// </summary>
    public Augmentation? Augmentation { get; set; }

    /// <summary>Learning rate per epoch (<see cref="StepDecaySchedule"/>, <see cref="CosineDecaySchedule"/>); null keeps it constant.</summary>
    public ILearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>
    /// Rule that may stop before <see cref="MaxEpochs"/>: <see cref="LossChangeStopping"/> (the homework's) or
    /// <see cref="PatienceStopping"/> on a validation signal (the validation loss, or for the classifiers the
    /// validation accuracy). Null runs every epoch.
    /// </summary>
    public EarlyStopping? EarlyStopping { get; set; }

    /// <summary>
    /// Fraction of the training rows held out as the validation set, seeded (stratified by class for the
    /// classifiers). Default 0.
    /// </summary>
    public double ValidationFraction { get; set; }

    /// <summary>An explicit validation set with the same columns as the training data; takes precedence over <see cref="ValidationFraction"/>.</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>
    /// A set with the same columns as the training data that is scored after every epoch for the history only
    /// (<see cref="EpochRecord.MonitorLoss"/>, <see cref="EpochRecord.MonitorAccuracy"/>): early stopping and the
    /// weights kept never see it, and training is the same with or without it. For a curve of the test error that
    /// must not steer any choice (Keras' <c>validation_data</c> does steer its callbacks). Default null.
    /// </summary>
    public IDataView? MonitorData { get; set; }

    /// <summary>Rows per minibatch, shuffled every epoch; ≤ 0 trains on the whole set at once.</summary>
    public int BatchSize { get; set; }

    /// <summary>Number of epochs (≥ 1).</summary>
    public int MaxEpochs { get; set; }

    /// <summary>Seed of the initial weights, the shuffles and the validation split; null follows the <c>MLContext</c>'s seed. Default null.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// The divergence rule: <c>Fit</c> throws a <see cref="TrainingDivergedException"/> (epoch, batch, learning rate,
    /// the loss and the loss before the first update) when a batch's loss exceeds this many times the first batch's,
    /// or when a loss or weight is no longer finite. Default 1e4; <see cref="double.PositiveInfinity"/> checks only
    /// for NaN and infinity.
    /// </summary>
    public double DivergenceFactor { get; set; } = TrainingOptions.DefaultDivergenceFactor;

    /// <summary>Receives every epoch's record as training goes. Default null.</summary>
    public IProgress<EpochRecord>? Progress { get; set; }

    /// <summary>Cancels <c>Fit</c> between batches with an <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Whether the task has classes, so that rows are right or wrong (what accuracy-based early stopping needs).</summary>
    private protected abstract bool IsClassifier { get; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public virtual void Validate()
    {
        OptionRules.ColumnName(LabelColumnName, nameof(LabelColumnName));
        OptionRules.ColumnName(FeatureColumnName, nameof(FeatureColumnName));
        OptionRules.HiddenLayers(HiddenLayers);
        OptionRules.Known(Activation, nameof(Activation), "activation");
        OptionRules.Known(Engine, nameof(Engine), "gradient engine");
        OptionRules.Known(Initialization, nameof(Initialization), "weight initialisation");
        OptionRules.Known(Optimizer, nameof(Optimizer), "optimizer");
        OptionRules.Momentum(Momentum);
        OptionRules.LearningRate(LearningRate);
        OptionRules.MaxEpochs(MaxEpochs);
        OptionRules.WeightDecay(WeightDecay);
        OptionRules.MaxNorm(MaxNorm);
        OptionRules.DropoutRate(Dropout, nameof(Dropout));
        OptionRules.DropoutRate(InputDropout, nameof(InputDropout));
        OptionRules.ValidationFraction(ValidationFraction);
        OptionRules.DivergenceFactor(DivergenceFactor);
        OptionRules.Schedule(LearningRateSchedule, MaxEpochs, LearningRate, nameof(LearningRateSchedule));
        OptionRules.EarlyStopping(
            EarlyStopping, ValidationFraction > 0 || ValidationData is not null, $"{nameof(ValidationFraction)} > 0 or {nameof(ValidationData)}");
        OptionRules.MetricOfTask(EarlyStopping, IsClassifier);
    }

    /// <summary>The core training loop's options for these settings.</summary>
    internal TrainingOptions ToTrainingOptions(int seed, bool hasValidationSet) => new()
    {
        Engine = Engine,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        MaxEpochs = MaxEpochs,
        Seed = seed,
        Optimizer = IOptimizer.Create(Optimizer, Momentum),
        WeightDecay = WeightDecay,
        MaxNorm = MaxNorm,
        Dropout = Dropout,
        InputDropout = InputDropout,
        Augmentation = Augmentation,
        Schedule = LearningRateSchedule,
        EarlyStopping = EarlyStopping,
        ValidationFraction = hasValidationSet ? 0 : ValidationFraction,
        DivergenceFactor = DivergenceFactor,
    };
}
