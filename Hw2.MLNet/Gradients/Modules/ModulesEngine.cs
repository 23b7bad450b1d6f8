using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>Gradients through the module API: <c>loss = CrossEntropy(model.Forward(x), y); loss.Backward()</c>.</summary>
public sealed class ModulesEngine : IGradientEngine
{
    private readonly Sequential model;
    private readonly Tape tape = new();

    /// <summary>Builds the <see cref="Sequential"/> form of <paramref name="network"/> (sharing its parameters).</summary>
    public ModulesEngine(MlpNetwork network)
    {
        model = Sequential.From(network);
    }

    /// <inheritdoc />
    public GradientEngine Kind => GradientEngine.Modules;

    /// <inheritdoc />
    public Training.HiddenUnitActivity? Activity { get; set; }

    /// <summary>The module the engine runs.</summary>
    public Sequential Model => model;

    /// <inheritdoc />
    public LossResult ComputeGradients(Matrix features, ReadOnlyMemory<int> labels)
    {
        ArgumentNullException.ThrowIfNull(features);
        tape.Reset();
        Node x = tape.Constant(features);
        int hidden = 0;
        foreach (Module layer in model.Layers)
        {
            x = layer.Forward(x);
            if (layer is ActivationLayer)
            {
                Activity?.Observe(hidden++, x.Value);
            }
        }

        Node loss = Ops.SoftmaxCrossEntropy(x, labels, out int correct);
        tape.Backward(loss);
        return new LossResult(loss.Value[0, 0], correct);
    }
}
