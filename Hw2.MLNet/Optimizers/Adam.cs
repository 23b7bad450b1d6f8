using Hw2.MLNet.Network;

namespace Hw2.MLNet.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba): <c>m ← β1·m + (1−β1)·g</c>, <c>v ← β2·v + (1−β2)·g²</c>, and with the bias corrections
/// <c>m̂ = m/(1−β1ᵗ)</c>, <c>v̂ = v/(1−β2ᵗ)</c> the step <c>θ ← θ − η·m̂/(√v̂ + ε)</c>. Moments start at zero, t at 1.
/// </summary>
public sealed class Adam : IOptimizer
{
    private readonly Dictionary<Parameter, (float[] M, float[] V)> moments = new(ReferenceEqualityComparer.Instance);
    private int step;

    /// <summary>Creates the optimizer with the usual defaults.</summary>
    public Adam(float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        if (!(beta1 >= 0f && beta1 < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1).");
        }

        if (!(beta2 >= 0f && beta2 < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1).");
        }

        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be positive.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first moment.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public float Beta2 { get; }

    /// <summary>Added to √v̂.</summary>
    public float Epsilon { get; }

    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        step++;
        float correction1 = 1f - MathF.Pow(Beta1, step);
        float correction2 = 1f - MathF.Pow(Beta2, step);
        foreach (Parameter p in parameters)
        {
            if (!moments.TryGetValue(p, out (float[] M, float[] V) state))
            {
                state = (new float[p.Value.Length], new float[p.Value.Length]);
                moments[p] = state;
            }

            Span<float> theta = p.Value.Span;
            ReadOnlySpan<float> g = p.Gradient.Span;
            float[] m = state.M;
            float[] v = state.V;
            for (int i = 0; i < theta.Length; i++)
            {
                float gi = g[i];
                m[i] = (Beta1 * m[i]) + ((1f - Beta1) * gi);
                v[i] = (Beta2 * v[i]) + ((1f - Beta2) * gi * gi);
                theta[i] -= learningRate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + Epsilon);
            }
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        moments.Clear();
        step = 0;
    }
}
