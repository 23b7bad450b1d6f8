using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients.Autograd;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>An element-wise non-linearity with no parameters (<c>torch.nn.ReLU</c>, <c>Sigmoid</c>, <c>Tanh</c>, <c>Identity</c>).</summary>
public class ActivationLayer : Module
{
    /// <summary>Creates a layer applying <paramref name="activation"/>.</summary>
    public ActivationLayer(HiddenActivation activation)
    {
        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }

        Activation = activation;
    }

    /// <summary>The non-linearity.</summary>
    public HiddenActivation Activation { get; }

    /// <inheritdoc />
    public override Node Forward(Node input) => Ops.Activation(input, Activation);
}

/// <summary><c>max(x, 0)</c> as a module, like <c>torch.nn.ReLU</c>.</summary>
public sealed class ReLU() : ActivationLayer(HiddenActivation.Relu);
