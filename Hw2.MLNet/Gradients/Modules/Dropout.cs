using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>
/// Inverted dropout as a module (like <c>torch.nn.Dropout</c>): in training, <see cref="Ops.Dropout"/> with the mask the
/// training step drew for this batch (the same mask the other engines use, so all three follow one trajectory); with
/// no mask — at scoring, or with a rate of 0 — the identity, recording nothing.
/// </summary>
public sealed class Dropout : Module
{
    /// <summary>The mask of the current training step (0, or 1/(1 − p) for the units kept), or null for the identity.</summary>
    internal Matrix? Mask { get; set; }

    /// <inheritdoc />
    public override Node Forward(Node input) => Mask is null ? input : Ops.Dropout(input, Mask);
}
