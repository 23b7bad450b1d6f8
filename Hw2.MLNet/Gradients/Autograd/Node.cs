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

    /// <summary>
    /// dLoss/dValue after <see cref="Tape.Backward"/>: always for parameters, for intermediate nodes only when backward
    /// was asked to retain gradients; null when no gradient reached this node (or it was not retained).
    /// </summary>
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

    /// <summary>
    /// For the element-wise rule of <paramref name="output"/>, a node computed from this one alone: when this is the
    /// first contribution to this node's gradient and the tape frees gradients as it goes, the output's gradient
    /// buffer (read by no one after this rule) becomes this node's, and the rule computes in place; otherwise the
    /// same as <see cref="GradientTarget"/>. Through a ReLU of 60000 × 300 this saves a 72 MB buffer.
    /// </summary>
    internal Matrix GradientTargetInPlace(Node output, out float beta)
    {
        if (!GradientWritten && Gradient is null && Tape.ReleasesGradients && output.Gradient is { } donated && donated.HasSameShape(Value))
        {
            Gradient = output.TakeGradient();
            GradientWritten = true;
            beta = 0f;
            return donated;
        }

        return GradientTarget(out beta);
    }

    /// <summary>Detaches this node's gradient buffer (for the tape to reuse) and returns it.</summary>
    internal Matrix? TakeGradient()
    {
        Matrix? gradient = Gradient;
        Gradient = null;
        return gradient;
    }

    /// <inheritdoc />
    public override string ToString() => $"Node {Value.Rows}×{Value.Cols}";
}
