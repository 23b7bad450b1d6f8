using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>Gradients through the module API: <c>loss = CrossEntropy(model.Forward(x), y); loss.Backward()</c>.</summary>
internal sealed class ModulesEngine : IGradientEngine
{
    private readonly Sequential model;
    private readonly Tape tape = new();
    private readonly List<Matrix> hiddenOutputs = [];

    /// <summary>Builds the <see cref="Sequential"/> form of <paramref name="network"/> (sharing its parameters).</summary>
    public ModulesEngine(MlpNetwork network)
    {
        model = Sequential.From(network);
    }

    /// <inheritdoc />
    public GradientEngine Kind => GradientEngine.Modules;

    /// <inheritdoc />
    public IReadOnlyList<Matrix> HiddenOutputs => hiddenOutputs;

    /// <inheritdoc />
    public LossResult ComputeGradients(Matrix features, ReadOnlyMemory<int> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        tape.Reset();
        hiddenOutputs.Clear();
        Node x = tape.Constant(features);
        foreach (Module layer in model.Layers)
        {
            x = layer.Forward(x);
            if (layer is ActivationLayer)
            {
                hiddenOutputs.Add(x.Value);
            }
        }

        Node loss = Ops.SoftmaxCrossEntropy(x, labels, out int correct);
        tape.Backward(loss);
        return new LossResult(loss.Value[0, 0], correct);
    }
}
