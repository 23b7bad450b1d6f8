using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Autograd;

/// <summary>
/// One value in a computation recorded on a <see cref="Tape"/>: the matrix it holds, the nodes it was computed
/// from, and the rule that pushes its gradient back to them. Nodes are created by <see cref="Tape"/> and <see cref="Ops"/>.
/// </summary>
public sealed class Node
{
    private readonly Node[] inputs;

    internal Node(Tape tape, Matrix value, Node[] inputs, bool requiresGradient, Action<Node>? backward, Matrix? gradient)
    {
        Tape = tape;
        Value = value;
        this.inputs = inputs;
        RequiresGradient = requiresGradient;
        BackwardRule = backward;
        Gradient = gradient;
    }

    /// <summary>The tape this node is recorded on.</summary>
    public Tape Tape { get; }

    /// <summary>The node's value.</summary>
    public Matrix Value { get; }

    /// <summary>The nodes this one was computed from.</summary>
    public IReadOnlyList<Node> Inputs => inputs;

    /// <summary>True when some parameter lies upstream, so a gradient must flow into this node.</summary>
    public bool RequiresGradient { get; }

    /// <summary>dLoss/dValue after <see cref="Tape.Backward"/>; null when no gradient reached this node.</summary>
    public Matrix? Gradient { get; private set; }

    internal Action<Node>? BackwardRule { get; }

    internal bool GradientWritten { get; set; }

    /// <summary>
    /// For backward rules: the buffer to write this node's gradient contribution into, and the factor for its
    /// previous contents — 0 for the first contribution (nothing to clear), 1 after that, so contributions from
    /// several uses of the node add up.
    /// </summary>
    internal Matrix GradientTarget(out float beta)
    {
        Gradient ??= Tape.Rent(Value.Rows, Value.Cols);
        beta = GradientWritten ? 1f : 0f;
        GradientWritten = true;
        return Gradient;
    }

    /// <inheritdoc />
    public override string ToString() => $"Node {Value.Rows}×{Value.Cols}";
}
