namespace Hw2.MLNet.Training;

/// <summary>
/// A rule that looks at the history after every epoch and says whether to stop. Rules are pure functions of the
/// history, so they can be tested on scripted loss sequences.
/// </summary>
public abstract class EarlyStopping
{
    /// <summary>Why training stops when this rule fires.</summary>
    public abstract StopReason Reason { get; }

    /// <summary>True when training should stop after the last epoch of <paramref name="history"/>.</summary>
    public abstract bool ShouldStop(IReadOnlyList<EpochRecord> history);

    /// <summary>The 1-based epoch whose weights should be kept, or null to keep the last ones.</summary>
    public virtual int? BestEpoch(IReadOnlyList<EpochRecord> history) => null;
}

/// <summary>
/// The homework's rule: stop after epoch <c>e ≥ 2</c> as soon as <c>|L_{e−1} − L_e| &lt; tolerance</c>, where L is the
/// epoch's training loss. Example with tolerance 0.005 and losses 2.0, 1.5, 1.497: epoch 3 is the last one run.
/// </summary>
public sealed class LossChangeStopping : EarlyStopping
{
    /// <summary>Creates the rule.</summary>
    public LossChangeStopping(double tolerance = 0.005)
    {
        if (!(tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be positive.");
        }

        Tolerance = tolerance;
    }

    /// <summary>Smallest change of the training loss that keeps training going.</summary>
    public double Tolerance { get; }

    /// <inheritdoc />
    public override StopReason Reason => StopReason.LossChangeBelowTolerance;

    /// <inheritdoc />
    public override bool ShouldStop(IReadOnlyList<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Count >= 2 && Math.Abs(history[^2].Loss - history[^1].Loss) < Tolerance;
    }
}

/// <summary>
/// Patience on a monitored signal: an epoch improves when its value beats the best so far by more than
/// <see cref="MinDelta"/> (lower for losses, higher for accuracy). Training stops after <see cref="Patience"/>
/// consecutive epochs without improvement, and the best epoch's weights are restored when
/// <see cref="RestoreBestWeights"/> is set. Example with patience 2, min delta 0 and validation losses
/// 1.0, 0.8, 0.9, 0.85: epochs 3 and 4 do not improve on 0.8, so epoch 4 is the last run and epoch 2's weights are kept.
/// </summary>
public sealed class PatienceStopping : EarlyStopping
{
    /// <summary>Creates the rule.</summary>
    public PatienceStopping(MonitoredMetric metric = MonitoredMetric.ValidationLoss, int patience = 5, double minDelta = 0, bool restoreBestWeights = true)
    {
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(patience, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minDelta);
        Metric = metric;
        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>The signal watched.</summary>
    public MonitoredMetric Metric { get; }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>Smallest change that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>Whether the best epoch's weights are restored at the end.</summary>
    public bool RestoreBestWeights { get; }

    /// <summary>True when the metric needs a validation set.</summary>
    public bool NeedsValidation => Metric != MonitoredMetric.TrainingLoss;

    /// <inheritdoc />
    public override StopReason Reason => StopReason.NoImprovement;

    /// <inheritdoc />
    public override bool ShouldStop(IReadOnlyList<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        int best = Best(history);
        return history.Count - best >= Patience;
    }

    /// <inheritdoc />
    public override int? BestEpoch(IReadOnlyList<EpochRecord> history) => RestoreBestWeights && history.Count > 0 ? Best(history) : null;

    /// <summary>The 1-based epoch that last improved on the best value so far by more than <see cref="MinDelta"/>.</summary>
    private int Best(IReadOnlyList<EpochRecord> history)
    {
        int bestEpoch = 0;
        double bestValue = double.NaN;
        for (int i = 0; i < history.Count; i++)
        {
            double value = Value(history[i]);
            bool lowerIsBetter = Metric != MonitoredMetric.ValidationAccuracy;
            bool improves = bestEpoch == 0 || (lowerIsBetter ? bestValue - value > MinDelta : value - bestValue > MinDelta);
            if (improves)
            {
                bestEpoch = i + 1;
                bestValue = value;
            }
        }

        return bestEpoch;
    }

    private double Value(EpochRecord record) => Metric switch
    {
        MonitoredMetric.TrainingLoss => record.Loss,
        MonitoredMetric.ValidationLoss => record.ValidationLoss ?? throw MissingValidation(),
        MonitoredMetric.ValidationAccuracy => record.ValidationAccuracy ?? throw MissingValidation(),
        _ => throw new InvalidOperationException($"Unknown metric {Metric}."),
    };

    private InvalidOperationException MissingValidation() =>
        new($"Early stopping on {Metric} needs a validation set: set ValidationFraction or ValidationData.");
}

/// <summary>The signal <see cref="PatienceStopping"/> watches.</summary>
public enum MonitoredMetric
{
    /// <summary>The task's loss on the validation set (lower is better).</summary>
    ValidationLoss,

    /// <summary>Accuracy on the validation set (higher is better); for the classifiers.</summary>
    ValidationAccuracy,

    /// <summary>The epoch's training loss (lower is better).</summary>
    TrainingLoss,
}

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    MaxEpochs,

    /// <summary><see cref="LossChangeStopping"/> fired.</summary>
    LossChangeBelowTolerance,

    /// <summary><see cref="PatienceStopping"/> fired.</summary>
    NoImprovement,
}
