using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>Gradients through the module API: <c>loss = CrossEntropy(model.Forward(x), y); loss.Backward()</c>.</summary>
internal sealed class ModulesEngine : TapeEngine
{
    private readonly Sequential model;

    /// <summary>Builds the <see cref="Sequential"/> form of <paramref name="network"/> (sharing its parameters).</summary>
    public ModulesEngine(MlpNetwork network)
    {
        model = Sequential.From(network);
    }

    /// <inheritdoc />
    public override GradientEngine Kind => GradientEngine.Modules;

    /// <inheritdoc />
    protected override Node RecordLogits(Node input, List<Matrix> hiddenOutputs)
    {
        Node x = input;
        foreach (Module layer in model.Layers)
        {
            x = layer.Forward(x);
            if (layer is ActivationLayer)
            {
                hiddenOutputs.Add(x.Value);
            }
        }

        return x;
    }
}
