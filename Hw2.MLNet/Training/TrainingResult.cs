namespace Hw2.MLNet.Training;

/// <summary>How a training run went.</summary>
/// <param name="History">One record per epoch run.</param>
/// <param name="StopReason">Why it ended.</param>
/// <param name="WeightsEpoch">The epoch whose weights the network holds now (earlier than the last when the best weights were restored).</param>
internal sealed record TrainingResult(IReadOnlyList<EpochRecord> History, StopReason StopReason, int WeightsEpoch)
{
    /// <summary>Number of epochs run.</summary>
    public int EpochsRun => History.Count;
}
