using Hw2.MLNet.Gradients;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Training;

/// <summary>Settings of <see cref="TrainingLoop"/>. Defaults are the homework's: full-batch gradient descent, no early stop.</summary>
public sealed class TrainingOptions
{
    /// <summary>Most epochs to run (≥ 1). Default 100.</summary>
    public int MaxEpochs { get; init; } = 100;

    /// <summary>Base step size η (&gt; 0). Default 1e-4, the homework's rate for raw 0..255 pixels.</summary>
    public float LearningRate { get; init; } = 1e-4f;

    /// <summary>Rows per minibatch; ≤ 0 means the whole training set in one batch (the homework's <c>-m -1</c>). Default −1.</summary>
    public int BatchSize { get; init; } = -1;

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

    /// <summary>Learning rate per epoch; null keeps <see cref="LearningRate"/> constant.</summary>
    public ILearningRateSchedule? Schedule { get; init; }

    /// <summary>Rule that may end training before <see cref="MaxEpochs"/>; null runs every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Fraction of the training rows held out (stratified, seeded) for validation; 0 holds out none. Default 0.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>An explicit validation set (features); takes precedence over <see cref="ValidationFraction"/>.</summary>
    public Matrix? ValidationFeatures { get; init; }

    /// <summary>Labels of <see cref="ValidationFeatures"/>.</summary>
    public int[]? ValidationLabels { get; init; }

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

    /// <summary>True when a validation set is given or held out.</summary>
    public bool HasValidation => ValidationFeatures is not null || ValidationFraction > 0;

    /// <summary>
    /// Asks the schedule for every epoch's rate before training, so that a schedule shorter than the run (a cosine
    /// decay to 0 over fewer epochs than <see cref="MaxEpochs"/>) is refused now rather than after the epochs it covers.
    /// </summary>
    private void ValidateSchedule()
    {
        if (Schedule is null)
        {
            return;
        }

        for (int epoch = 1; epoch <= MaxEpochs; epoch++)
        {
            float rate = Schedule.RateAt(epoch, LearningRate);
            if (!(rate > 0f) || !float.IsFinite(rate))
            {
                throw new ArgumentException(
                    $"The learning-rate schedule ({Schedule}) gives {rate} for epoch {epoch} of the {MaxEpochs} to run; every epoch needs a positive rate. " +
                    "Let the schedule cover every epoch, or give it a positive minimum.",
                    nameof(Schedule));
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxEpochs < 1)
        {
            throw new ArgumentException($"{nameof(MaxEpochs)} must be at least 1 but is {MaxEpochs}.", nameof(MaxEpochs));
        }

        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
        {
            throw new ArgumentException($"{nameof(LearningRate)} must be a positive finite number but is {LearningRate}.", nameof(LearningRate));
        }

        if (!Enum.IsDefined(Engine))
        {
            throw new ArgumentException($"{nameof(Engine)} {Engine} is not a known gradient engine.", nameof(Engine));
        }

        if (!(WeightDecay >= 0f) || !float.IsFinite(WeightDecay))
        {
            throw new ArgumentException($"{nameof(WeightDecay)} must be a finite number ≥ 0 but is {WeightDecay}.", nameof(WeightDecay));
        }

        if (!(DivergenceFactor > 1))
        {
            throw new ArgumentException($"{nameof(DivergenceFactor)} must be greater than 1 (or PositiveInfinity to check only for NaN and infinity) but is {DivergenceFactor}.", nameof(DivergenceFactor));
        }

        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
        {
            throw new ArgumentException($"{nameof(ValidationFraction)} must be in [0, 1) but is {ValidationFraction}.", nameof(ValidationFraction));
        }

        if ((ValidationFeatures is null) != (ValidationLabels is null) || (ValidationFeatures is not null && ValidationFeatures.Rows != ValidationLabels!.Length))
        {
            throw new ArgumentException($"{nameof(ValidationFeatures)} and {nameof(ValidationLabels)} must be given together, one label per row.", nameof(ValidationLabels));
        }

        ValidateSchedule();

        if (EarlyStopping is PatienceStopping { NeedsValidation: true } patience && !HasValidation)
        {
            throw new ArgumentException(
                $"{nameof(EarlyStopping)} watches {patience.Metric}, which needs {nameof(ValidationFraction)} > 0 or a validation set.", nameof(EarlyStopping));
        }
    }
}
