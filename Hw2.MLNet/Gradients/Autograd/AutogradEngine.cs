using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Autograd;

/// <summary>
/// Gradients by reverse-mode automatic differentiation: every step records the network's computation on a
/// <see cref="Tape"/> from generic <see cref="Ops"/> (Linear (x·W + b as one node), activation, fused softmax cross-entropy)
/// and calls <see cref="Tape.Backward"/>. Nothing here knows the derivative of an MLP.
/// </summary>
internal sealed class AutogradEngine : IGradientEngine
{
    private readonly MlpNetwork network;
    private readonly Tape tape = new();
    private readonly List<Matrix> hiddenOutputs = [];

    /// <summary>Creates an engine that writes gradients into <paramref name="network"/>'s parameters.</summary>
    public AutogradEngine(MlpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        this.network = network;
    }

    /// <inheritdoc />
    public GradientEngine Kind => GradientEngine.Autograd;

    /// <inheritdoc />
    public IReadOnlyList<Matrix> HiddenOutputs => hiddenOutputs;

    /// <inheritdoc />
    public LossResult ComputeGradients(Matrix features, ReadOnlyMemory<int> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        tape.Reset();
        hiddenOutputs.Clear();
        MlpParameters p = network.Parameters;
        Node h = tape.Constant(features);
        for (int l = 0; l < p.Shape.LayerCount; l++)
        {
            h = Ops.Linear(h, tape.Parameter(p.Weights[l]), tape.Parameter(p.Biases[l]));
            if (l < p.Shape.LayerCount - 1)
            {
                h = Ops.Activation(h, network.Activation);
                hiddenOutputs.Add(h.Value);
            }
        }

        Node loss = Ops.SoftmaxCrossEntropy(h, labels, out int correct);
        tape.Backward(loss);
        return new LossResult(loss.Value[0, 0], correct);
    }
}
