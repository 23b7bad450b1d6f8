using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>Gradients through the module API: <c>loss = Loss(model.Forward(x), y); loss.Backward()</c>, the model's <see cref="Dropout"/> modules given this step's masks.</summary>
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
    protected override Node RecordLogits(Node input, List<Matrix> hiddenOutputs, DropoutMasks? masks)
    {
        Node x = input;
        int dropouts = 0;
        foreach (Module layer in model.Layers)
        {
            if (layer is Dropout dropout)
            {
                // The first Dropout is the input's, then one after each hidden layer.
                dropout.Mask = dropouts == 0 ? masks?.Input : masks?.Hidden(dropouts - 1);
                dropouts++;
            }

            x = layer.Forward(x);
            if (layer is ActivationLayer)
            {
                hiddenOutputs.Add(x.Value);
            }
        }

        return x;
    }
}
