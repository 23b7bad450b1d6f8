using Hw2.MLNet.Numerics;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Network;

/// <summary>
/// Weights and biases of an MLP. Layer <c>l</c> computes <c>z = h · W_l + b_l</c> with <c>W_l</c> of shape
/// fan-in × fan-out (as in the homework's <c>h·W + b</c>) and <c>b_l</c> of shape 1 × fan-out.
/// </summary>
internal sealed class MlpParameters
{
    private readonly Parameter[] weights;
    private readonly Parameter[] biases;
    private readonly Parameter[] all;

    /// <summary>Creates zero-valued parameters for <paramref name="shape"/>.</summary>
    public MlpParameters(MlpShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = shape;
        weights = new Parameter[shape.LayerCount];
        biases = new Parameter[shape.LayerCount];
        all = new Parameter[2 * shape.LayerCount];
        for (int l = 0; l < shape.LayerCount; l++)
        {
            weights[l] = new Parameter($"W{l + 1}", new Matrix(shape.FanIn(l), shape.FanOut(l)));
            biases[l] = new Parameter($"b{l + 1}", new Matrix(1, shape.FanOut(l)));
            all[2 * l] = weights[l];
            all[(2 * l) + 1] = biases[l];
        }
    }

    /// <summary>The layer sizes.</summary>
    public MlpShape Shape { get; }

    /// <summary>Weight of each layer (fan-in × fan-out).</summary>
    public IReadOnlyList<Parameter> Weights => weights;

    /// <summary>Bias of each layer (1 × fan-out).</summary>
    public IReadOnlyList<Parameter> Biases => biases;

    /// <summary>All parameters in the order W1, b1, W2, b2, ….</summary>
    public IReadOnlyList<Parameter> All => all;

    /// <summary>
    /// Fresh parameters drawn from a xoshiro256** generator seeded with <paramref name="seed"/> (MathNet.Numerics'
    /// implementation: the same numbers on every platform and runtime), layer by layer in the order W1, b1, W2, b2, ….
    /// <see cref="WeightInitialization.Uniform"/>, the homework's: every weight and bias of layer <c>l</c> uniform in
    /// ±1/√fan_in. <see cref="WeightInitialization.HeUniform"/>: weights uniform in ±√(6/fan_in), biases 0.
    /// </summary>
    public static MlpParameters CreateRandom(MlpShape shape, int seed, WeightInitialization initialization = WeightInitialization.Uniform)
    {
        if (!Enum.IsDefined(initialization))
        {
            throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "Unknown weight initialisation.");
        }

        var parameters = new MlpParameters(shape);
        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        for (int l = 0; l < shape.LayerCount; l++)
        {
            if (initialization == WeightInitialization.HeUniform)
            {
                FillUniform(parameters.weights[l].Value.Span, MathF.Sqrt(6f / shape.FanIn(l)), random);
                continue;
            }

            float bound = 1f / MathF.Sqrt(shape.FanIn(l));
            FillUniform(parameters.weights[l].Value.Span, bound, random);
            FillUniform(parameters.biases[l].Value.Span, bound, random);
        }

        return parameters;
    }

    /// <summary>Copies every value from <paramref name="source"/>, which must have the same shape.</summary>
    public void CopyValuesFrom(MlpParameters source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.Shape.Equals(Shape))
        {
            throw new ArgumentException($"Cannot copy parameters of shape {source.Shape} into {Shape}.", nameof(source));
        }

        for (int i = 0; i < all.Length; i++)
        {
            all[i].Value.CopyFrom(source.all[i].Value);
        }
    }

    /// <summary>The name of the first parameter holding a NaN or infinity, or null when all are finite.</summary>
    public string? FirstNonFinite()
    {
        foreach (Parameter p in all)
        {
            foreach (float v in p.Value.Span)
            {
                if (!float.IsFinite(v))
                {
                    return p.Name;
                }
            }
        }

        return null;
    }

    private static void FillUniform(Span<float> values, float bound, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((2.0 * random.NextDouble()) - 1.0) * bound);
        }
    }
}
