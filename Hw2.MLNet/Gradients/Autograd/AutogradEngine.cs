using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Autograd;

/// <summary>
/// Gradients by reverse-mode automatic differentiation: every step records the network's computation on a
/// <see cref="Tape"/> from generic <see cref="Ops"/> (Linear (x·W + b as one node), activation, dropout in training, the fused output loss)
/// and calls <see cref="Tape.Backward"/>. Nothing here knows the derivative of an MLP.
/// </summary>
internal sealed class AutogradEngine : TapeEngine
{
    private readonly MlpNetwork network;

    /// <summary>Creates an engine that writes gradients into <paramref name="network"/>'s parameters.</summary>
    public AutogradEngine(MlpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
    }

    /// <inheritdoc />
    public override GradientEngine Kind => GradientEngine.Autograd;

    /// <inheritdoc />
    protected override Node RecordLogits(Node input, List<Matrix> hiddenOutputs, DropoutMasks? masks)
    {
        MlpParameters p = network.Parameters;
        Node h = masks?.Input is Matrix inputMask ? Ops.Dropout(input, inputMask) : input;
        for (int l = 0; l < p.Shape.LayerCount; l++)
        {
            h = Ops.Linear(h, input.Tape.Parameter(p.Weights[l]), input.Tape.Parameter(p.Biases[l]));
            if (l < p.Shape.LayerCount - 1)
            {
                h = Ops.Activation(h, network.Activation);
                hiddenOutputs.Add(h.Value);
                if (masks?.Hidden(l) is Matrix mask)
                {
                    h = Ops.Dropout(h, mask);
                }
            }
        }

        return h;
    }
}
