using System.Numerics.Tensors;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary>
/// Softmax with the row maximum subtracted first: <c>exp(z_i − max z) / Σ_j exp(z_j − max z)</c>. Mathematically
/// equal to <see cref="Softmax"/>, but every exponent is ≤ 0, so nothing overflows and the largest term is 1.
/// </summary>
public static class StableSoftmax
{
    /// <summary>Stable softmax of one vector; the spans may be the same.</summary>
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        MatrixKernels.RequireLength(probabilities.Length, logits.Length, nameof(probabilities));
        float max = TensorPrimitives.Max<float>(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        float sum = TensorPrimitives.Sum<float>(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
    }

    /// <summary>Stable softmax of every row; the matrices may be the same.</summary>
    public static void Rows(Matrix logits, Matrix probabilities)
        => MatrixKernels.MapRows(logits, probabilities, Compute);
}
