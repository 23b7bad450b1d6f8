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
        foreach (Parameter p in parameters)
        {
            if (!velocities.TryGetValue(p, out float[]? v))
            {
                v = new float[p.Value.Length];
                velocities[p] = v;
            }

            ReadOnlySpan<float> g = p.Gradient.Span;
            TensorPrimitives.MultiplyAdd(v, Coefficient, g, v);
            if (Nesterov)
            {
                TensorPrimitives.MultiplyAdd(g, -learningRate, p.Value.Span, p.Value.Span);
                TensorPrimitives.MultiplyAdd(v, -learningRate * Coefficient, p.Value.Span, p.Value.Span);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(v, -learningRate, p.Value.Span, p.Value.Span);
            }
        }
    }

    /// <inheritdoc />
    public void Reset() => velocities.Clear();
}
