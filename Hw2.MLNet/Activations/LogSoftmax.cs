using System.Numerics.Tensors;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary><c>log softmax(z)_i = z_i − logsumexp(z)</c>, with logsumexp computed stably around the maximum.</summary>
public static class LogSoftmax
{
    /// <summary><c>log Σ_j exp(z_j)</c> without overflow: <c>max z + log Σ_j exp(z_j − max z)</c>.</summary>
    public static float LogSumExp(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("logsumexp of an empty vector is undefined.", nameof(logits));
        }

        float max = TensorPrimitives.Max<float>(logits);
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += MathF.Exp(logits[i] - max);
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>Log-softmax of one vector; the spans may be the same.</summary>
    public static void Compute(ReadOnlySpan<float> logits, Span<float> logProbabilities)
    {
        MatrixKernels.RequireLength(logProbabilities.Length, logits.Length, nameof(logProbabilities));
        float lse = LogSumExp(logits);
        TensorPrimitives.Subtract(logits, lse, logProbabilities);
    }

    /// <summary>Log-softmax of every row; the matrices may be the same.</summary>
    public static void Rows(Matrix logits, Matrix logProbabilities)
        => MatrixKernels.MapRows(logits, logProbabilities, Compute);
}
