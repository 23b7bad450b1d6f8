using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>A building block of a network on the autograd tape, in the style of PyTorch's <c>torch.nn.Module</c>.</summary>
public abstract class Module
{
    /// <summary>The trainable parameters of this module and its children, in registration order.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Records this module's computation on <paramref name="input"/>'s tape.</summary>
    public abstract Node Forward(Node input);
}
