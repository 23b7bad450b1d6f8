using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>Modules applied one after another (like <c>torch.nn.Sequential</c>).</summary>
public sealed class Sequential : Module
{
    private readonly Module[] layers;
    private readonly Parameter[] parameters;

    /// <summary>Chains <paramref name="layers"/> in order.</summary>
    public Sequential(params Module[] layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0)
        {
            throw new ArgumentException("A Sequential needs at least one module.", nameof(layers));
        }

        this.layers = (Module[])layers.Clone();
        parameters = [.. this.layers.SelectMany(layer => layer.Parameters)];
    }

    /// <summary>The chained modules.</summary>
    public IReadOnlyList<Module> Layers => layers;

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => parameters;

    /// <inheritdoc />
    public override Node Forward(Node input)
    {
        Node x = input;
        foreach (Module layer in layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <summary>
    /// The module form of an <see cref="MlpNetwork"/>: <c>Dropout, Linear, activation, Dropout, Linear, …, Linear</c>
    /// sharing the network's parameters, as the homework's <c>torch.nn</c> example builds it with dropout added; a
    /// <see cref="Dropout"/> without a mask is the identity.
    /// </summary>
    internal static Sequential From(MlpNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var modules = new List<Module> { new Dropout() };
        MlpParameters p = network.Parameters;
        for (int l = 0; l < p.Shape.LayerCount; l++)
        {
            modules.Add(new Linear(p.Weights[l], p.Biases[l]));
            if (l < p.Shape.LayerCount - 1)
            {
                modules.Add(new ActivationLayer(network.Activation));
                modules.Add(new Dropout());
            }
        }

        return new Sequential([.. modules]);
    }
}
