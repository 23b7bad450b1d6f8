using Hw2.MLNet.Activations;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Autograd;

/// <summary>
/// What the two tape engines share: each step records the logits on a fresh <see cref="Tape"/> (the subclass's
/// <see cref="RecordLogits"/>, which also lists the hidden outputs), adds the task's fused loss (<see cref="Ops.OutputLoss"/>) and runs
/// <see cref="Tape.Backward"/>, which writes every parameter's gradient.
/// </summary>
internal abstract class TapeEngine : IGradientEngine
{
    private readonly Tape tape = new();
    private readonly List<Matrix> hiddenOutputs = [];

    /// <inheritdoc />
    public abstract GradientEngine Kind { get; }

    /// <inheritdoc />
    public IReadOnlyList<Matrix> HiddenOutputs => hiddenOutputs;

    /// <inheritdoc />
    public LossResult ComputeGradients<TTarget>(Matrix features, ReadOnlyMemory<TTarget> targets, IOutputLoss<TTarget> loss, DropoutMasks? masks = null)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(features);
        tape.Reset();
        hiddenOutputs.Clear();
        Node logits = RecordLogits(tape.Constant(features), hiddenOutputs, masks);
        Node lossNode = Ops.OutputLoss(logits, targets, loss, out int correct);
        tape.Backward(lossNode);
        return new LossResult(lossNode.Value[0, 0], correct);
    }

    /// <summary>
    /// Records the network's forward pass from <paramref name="input"/>, adding each hidden layer's output (before
    /// dropout) to <paramref name="hiddenOutputs"/>; with <paramref name="masks"/>, the input and each hidden output go
    /// through <see cref="Ops.Dropout"/> with their masks.
    /// </summary>
    protected abstract Node RecordLogits(Node input, List<Matrix> hiddenOutputs, DropoutMasks? masks);
}
