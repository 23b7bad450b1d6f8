using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary>
/// Softmax with the row maximum subtracted first: <c>exp(z_i − max z) / Σ_j exp(z_j − max z)</c>. Mathematically
/// equal to <see cref="Softmax"/>, but every exponent is ≤ 0, so nothing overflows and the largest term is 1. The same
/// kernel gives the trainer's loss and gradient and the model's scores; a probability below 1e-16 times the row's
/// largest comes out as 0.
/// </summary>
public static class StableSoftmax
{
    /// <summary>Stable softmax of one vector; the spans may be the same.</summary>
    public static void Compute(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        MatrixKernels.RequireLength(probabilities.Length, logits.Length, nameof(probabilities));
        if (logits.IsEmpty)
        {
            throw new ArgumentException("The softmax of an empty vector is undefined.", nameof(logits));
        }

        SoftmaxKernel.Probabilities(logits, probabilities);
    }

    /// <summary>Stable softmax of every row; the matrices may be the same.</summary>
    public static void Rows(Matrix logits, Matrix probabilities)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(probabilities);
        probabilities.RequireSameShape(logits, nameof(probabilities));
        if (logits.Cols == 0)
        {
            throw new ArgumentException("The softmax of an empty row is undefined.", nameof(logits));
        }

        SoftmaxKernel.Probabilities(logits, probabilities);
    }
}
