using System.Runtime.Intrinsics;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba): <c>m ← β1·m + (1−β1)·g</c>, <c>v ← β2·v + (1−β2)·g²</c>, and with the bias corrections
/// <c>m̂ = m/(1−β1ᵗ)</c>, <c>v̂ = v/(1−β2ᵗ)</c> the step <c>θ ← θ − η·m̂/(√v̂ + ε)</c>. Moments start at zero, t at 1.
/// </summary>
internal sealed class Adam : IOptimizer
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
        var states = new (float[] M, float[] V)[parameters.Count];
        for (int i = 0; i < parameters.Count; i++)
        {
            Parameter p = parameters[i];
            if (!moments.TryGetValue(p, out (float[] M, float[] V) state))
            {
                state = (new float[p.Value.Length], new float[p.Value.Length]);
                moments[p] = state;
            }

            states[i] = state;
        }

        float stepScale = learningRate / (1f - MathF.Pow(Beta1, step));
        float secondScale = 1f / (1f - MathF.Pow(Beta2, step));
        ParameterSweep.Run(
            parameters,
            (index, start, length) =>
            {
                Parameter p = parameters[index];
                (float[] m, float[] v) = states[index];
                Update(p.Value.Span.Slice(start, length), p.Gradient.Span.Slice(start, length), m.AsSpan(start, length), v.AsSpan(start, length), stepScale, secondScale);
            },
            Environment.ProcessorCount);
    }

    /// <summary>One Adam update of a parameter, eight values at a time.</summary>
    private void Update(Span<float> theta, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float stepScale, float secondScale)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> b1 = Vector256.Create(Beta1), b1c = Vector256.Create(1f - Beta1);
            Vector256<float> b2 = Vector256.Create(Beta2), b2c = Vector256.Create(1f - Beta2);
            Vector256<float> step = Vector256.Create(stepScale), second = Vector256.Create(secondScale), eps = Vector256.Create(Epsilon);
            for (; i <= theta.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                // Every load before the first store: a store may not delay a later load of another array.
                Vector256<float> gi = Vector256.Create(g.Slice(i, Vector256<float>.Count));
                Vector256<float> t = Vector256.Create(theta.Slice(i, Vector256<float>.Count));
                Vector256<float> mi = (b1 * Vector256.Create(m.Slice(i, Vector256<float>.Count))) + (b1c * gi);
                Vector256<float> vi = (b2 * Vector256.Create(v.Slice(i, Vector256<float>.Count))) + (b2c * gi * gi);
                mi.CopyTo(m.Slice(i));
                vi.CopyTo(v.Slice(i));
                (t - (step * mi / (Vector256.Sqrt(vi * second) + eps))).CopyTo(theta.Slice(i));
            }
        }

        for (; i < theta.Length; i++)
        {
            m[i] = (Beta1 * m[i]) + ((1f - Beta1) * g[i]);
            v[i] = (Beta2 * v[i]) + ((1f - Beta2) * g[i] * g[i]);
            theta[i] -= stepScale * m[i] / (MathF.Sqrt(v[i] * secondScale) + Epsilon);
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
        moments.Clear();
        step = 0;
    }
}
