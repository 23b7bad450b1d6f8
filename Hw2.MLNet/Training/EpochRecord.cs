namespace Hw2.MLNet.Training;

/// <summary>What one training epoch did.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">
/// Mean loss over the epoch's rows, each batch's loss taken before that batch's update: cross-entropy (multiclass),
/// logistic loss (binary), half the squared error or the Huber loss of the label as the network learns it (regression,
/// standardised by default).
/// </param>
/// <param name="TrainAccuracy">Fraction of the epoch's rows classified correctly, measured in the same forward passes; NaN for a regression.</param>
/// <param name="LearningRate">The step size used.</param>
/// <param name="Elapsed">Wall time of the epoch (validation and monitoring included).</param>
/// <param name="ValidationLoss">The same loss on the validation set after the epoch, when there is one.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation set after the epoch, when there is one and the task has classes.</param>
/// <param name="DeadUnitFractions">
/// For ReLU networks, per hidden layer, the fraction of units that output 0 for every row of the epoch
/// ("dead" units: no gradient flows through them); null for other activations.
/// </param>
/// <param name="MonitorLoss">The loss on the monitored set after the epoch, when there is one (it never steers training).</param>
/// <param name="MonitorAccuracy">Accuracy on the monitored set after the epoch, when there is one and the task has classes.</param>
public sealed record EpochRecord(
    int Epoch,
    double Loss,
    double TrainAccuracy,
    float LearningRate,
    TimeSpan Elapsed,
    double? ValidationLoss = null,
    double? ValidationAccuracy = null,
    IReadOnlyList<double>? DeadUnitFractions = null,
    double? MonitorLoss = null,
    double? MonitorAccuracy = null);
