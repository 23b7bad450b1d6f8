using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Training;

/// <summary>Settings of <see cref="TrainingLoop"/>. Defaults are the homework's (<see cref="HomeworkProtocol"/>): full-batch gradient descent at 1e-4, no early stop.</summary>
internal sealed class TrainingOptions
{
    /// <summary>Most epochs to run (≥ 1). Default 100.</summary>
    public int MaxEpochs { get; init; } = HomeworkProtocol.Epochs;

    /// <summary>Base step size η (&gt; 0). Default 1e-4, the homework's rate for raw 0..255 pixels.</summary>
    public float LearningRate { get; init; } = HomeworkProtocol.LearningRate;

    /// <summary>Rows per minibatch; ≤ 0 means the whole training set in one batch (the homework's <c>-m -1</c>). Default −1.</summary>
    public int BatchSize { get; init; } = HomeworkProtocol.FullBatch;

    /// <summary>Seed of the per-epoch shuffle and of the validation split. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How gradients are computed. Default <see cref="GradientEngine.Backprop"/>.</summary>
    public GradientEngine Engine { get; init; } = GradientEngine.Backprop;

    /// <summary>The update rule; null means <see cref="GradientDescent"/>. Its state is reset at the start of training.</summary>
    public IOptimizer? Optimizer { get; init; }

    /// <summary>
    /// L2 penalty λ: <c>λ·W</c> is added to every weight gradient of the mean batch loss (the penalty <c>(λ/2)·‖W‖²</c>,
    /// coupled as in PyTorch's <c>weight_decay</c>); biases are not decayed. scikit-learn's <c>alpha</c> is per row
    /// (<c>α·W/n</c> for a batch of n rows), so λ = α/n. Default 0.
    /// </summary>
    public float WeightDecay { get; init; }

    /// <summary>
    /// The max-norm constraint c (<see cref="MaxNormConstraint"/>): after every update each hidden unit's incoming weight
    /// vector is scaled down to norm c when it is longer. Default <see cref="float.PositiveInfinity"/>: no constraint.
    /// </summary>
    public float MaxNorm { get; init; } = float.PositiveInfinity;

    /// <summary>Fraction of each hidden layer's units dropped in training (inverted dropout, <see cref="Gradients.DropoutMasks"/>). Default 0.</summary>
    public float Dropout { get; init; }

    /// <summary>Fraction of the input features dropped in training. Default 0.</summary>
    public float InputDropout { get; init; }

    /// <summary>A change of every training row, drawn per row and batch (<see cref="RandomShift"/>); null trains on the rows as they are.</summary>
    public Augmentation? Augmentation { get; init; }

    /// <summary>Learning rate per epoch; null keeps <see cref="LearningRate"/> constant.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>Rule that may end training before <see cref="MaxEpochs"/>; null runs every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Fraction of the training rows held out (stratified, seeded) for validation; 0 holds out none. Default 0.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>
    /// The divergence rule: training stops with a <see cref="TrainingDivergedException"/> when a batch's loss exceeds
    /// this many times the first batch's loss (the untrained network's). A non-finite loss or weight always stops it.
    /// Default 1e4. Measured on MNIST: in the homework's runs, its learning-curve sweeps and the modern runs (plain
    /// gradient descent and Adam) no batch loss exceeded 1.004 × the first; every diverging run peaked at 2.6·10⁶ to
    /// 1.6·10³³ × it. A linear network on raw pixels at learning rate 1 peaks at 4.9·10³ × and still classifies 89 %
    /// of its training rows: it is not stopped.
    /// <see cref="double.PositiveInfinity"/> keeps only the non-finite check.
    /// </summary>
    public double DivergenceFactor { get; init; } = DefaultDivergenceFactor;

    /// <summary>The default of <see cref="DivergenceFactor"/>.</summary>
    public const double DefaultDivergenceFactor = 1e4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    /// <param name="hasValidationSet">Whether an explicit validation set comes with the training data (it takes precedence over <see cref="ValidationFraction"/>).</param>
    public void Validate(bool hasValidationSet = false)
    {
        OptionRules.MaxEpochs(MaxEpochs);
        OptionRules.LearningRate(LearningRate);
        OptionRules.Known(Engine, nameof(Engine), "gradient engine");
        OptionRules.WeightDecay(WeightDecay);
        OptionRules.MaxNorm(MaxNorm);
        OptionRules.DropoutRate(Dropout, nameof(Dropout));
        OptionRules.DropoutRate(InputDropout, nameof(InputDropout));
        OptionRules.DivergenceFactor(DivergenceFactor);
        OptionRules.ValidationFraction(ValidationFraction);
        OptionRules.Schedule(Schedule, MaxEpochs, LearningRate, nameof(Schedule));
        OptionRules.EarlyStopping(EarlyStopping, hasValidationSet || ValidationFraction > 0, $"{nameof(ValidationFraction)} > 0 or a validation set");
    }
}
