using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Gradients.Backprop;
using Hw2.MLNet.Gradients.Modules;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Gradients;

/// <summary>Creates the engine a <see cref="GradientEngine"/> value names.</summary>
public static class GradientEngines
{
    /// <summary>An engine that writes the gradients of <paramref name="network"/>'s loss into its parameters.</summary>
    public static IGradientEngine Create(GradientEngine kind, MlpNetwork network) => kind switch
    {
        GradientEngine.Backprop => new BackpropEngine(network),
        GradientEngine.Autograd => new AutogradEngine(network),
        GradientEngine.Modules => new ModulesEngine(network),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown gradient engine."),
    };
}
