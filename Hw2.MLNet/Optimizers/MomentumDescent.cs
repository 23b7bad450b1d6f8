using System.Numerics.Tensors;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Optimizers;

/// <summary>
/// Gradient descent with momentum, as PyTorch's SGD defines it: <c>v ← μ·v + g</c>, then <c>θ ← θ − η·v</c>, or with
/// Nesterov's correction <c>θ ← θ − η·(g + μ·v)</c>. The velocity starts at zero for each parameter.
/// </summary>
internal sealed class MomentumDescent : IOptimizer
{
    private readonly Dictionary<Parameter, float[]> velocities = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer.</summary>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="nesterov">Use Nesterov's look-ahead form.</param>
    public MomentumDescent(float momentum = 0.9f, bool nesterov = false)
    {
        if (!(momentum >= 0f && momentum < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        }

        Coefficient = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public float Coefficient { get; }

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var states = new float[parameters.Count][];
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter p = parameters[i];
            if (!velocities.TryGetValue(p, out float[]? v))
            {
                v = new float[p.Value.Length];
                velocities[p] = v;
            }

            states[i] = v;
        }

        ParameterSweep.Run(parameters, (index, start, length) => Update(parameters[index], states[index], start, length, learningRate), Environment.ProcessorCount);
    }

    /// <summary>The update of values <c>[start, start + length)</c> of <paramref name="p"/>, whose velocity is <paramref name="velocity"/>.</summary>
    private void Update(Parameter p, float[] velocity, int start, int length, float learningRate)
    {
        ReadOnlySpan<float> g = p.Gradient.Span.Slice(start, length);
        Span<float> v = velocity.AsSpan(start, length);
        Span<float> theta = p.Value.Span.Slice(start, length);
        TensorPrimitives.MultiplyAdd(v, Coefficient, g, v);
        if (Nesterov)
        {
            TensorPrimitives.MultiplyAdd(g, -learningRate, theta, theta);
            TensorPrimitives.MultiplyAdd(v, -learningRate * Coefficient, theta, theta);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(v, -learningRate, theta, theta);
        }
    }

    /// <inheritdoc />
    public void Reset() => velocities.Clear();
}
