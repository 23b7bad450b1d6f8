using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Losses;

/// <summary>The multiclass classifier's loss: softmax and mean cross-entropy from K logits per row (<see cref="CrossEntropy"/>).</summary>
internal sealed class SoftmaxCrossEntropyLoss : IOutputLoss<int>
{
    private SoftmaxCrossEntropyLoss()
    {
    }

    /// <summary>The loss (it has no settings).</summary>
    public static SoftmaxCrossEntropyLoss Instance { get; } = new();

    /// <inheritdoc />
    public bool CountsCorrect => true;

    /// <inheritdoc />
    public LossResult LossAndGradient(Matrix outputs, ReadOnlySpan<int> targets, Matrix gradient, BatchBlock block = default) =>
        CrossEntropy.SoftmaxLossAndGradient(outputs, targets, gradient, block);

    /// <inheritdoc />
    public LossResult LossOverwriting(Matrix outputs, ReadOnlySpan<int> targets) => CrossEntropy.LossOverwritingLogits(outputs, targets);

    /// <inheritdoc />
    public int Stratum(int target) => target;
}
