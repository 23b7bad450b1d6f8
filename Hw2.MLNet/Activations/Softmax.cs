using System.Numerics.Tensors;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary>
/// The textbook softmax <c>exp(z_i) / Σ_j exp(z_j)</c>, computed literally. Kept to show why it is not used:
/// for logits around 89 and above <c>exp</c> overflows float32 to infinity and the result is <c>∞/∞ = NaN</c>.
/// Use <see cref="StableSoftmax"/> for real work.
/// </summary>
public static class Softmax
{
    /// <summary>Naive softmax of one vector.</summary>
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        MatrixKernels.RequireLength(probabilities.Length, logits.Length, nameof(probabilities));
        TensorPrimitives.Exp(logits, probabilities);
        float sum = TensorPrimitives.Sum<float>(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
    }

    /// <summary>Naive softmax of every row.</summary>
    public static void Rows(Matrix logits, Matrix probabilities)
        => MatrixKernels.MapRows(logits, probabilities, Compute);
}
