using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Gradients.Modules;

/// <summary>A fully connected layer <c>y = x · W + b</c> (like <c>torch.nn.Linear</c>, with W stored fan-in × fan-out).</summary>
public sealed class Linear : Module
{
    /// <summary>Creates a layer over existing parameters (shared, not copied).</summary>
    /// <param name="weight">fan-in × fan-out.</param>
    /// <param name="bias">1 × fan-out.</param>
    public Linear(Parameter weight, Parameter bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Value.Rows != 1 || bias.Value.Cols != weight.Value.Cols)
        {
            throw new ArgumentException(
                $"The bias of a {weight.Value.Rows}×{weight.Value.Cols} weight must be 1×{weight.Value.Cols}, not {bias.Value.Rows}×{bias.Value.Cols}.", nameof(bias));
        }

        Weight = weight;
        Bias = bias;
    }

    /// <summary>The weight matrix.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias row.</summary>
    public Parameter Bias { get; }

    /// <inheritdoc />
    public override IReadOnlyList<Parameter> Parameters => [Weight, Bias];

    /// <inheritdoc />
    public override Node Forward(Node input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Tape tape = input.Tape;
        return Ops.Linear(input, tape.Parameter(Weight), tape.Parameter(Bias));
    }
}
