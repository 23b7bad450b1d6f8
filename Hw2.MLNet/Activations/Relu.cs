using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Hw2.MLNet.Activations;

/// <summary>The rectified linear unit <c>relu(z) = max(z, 0)</c> and its derivative.</summary>
public static class Relu
{
    /// <summary><c>y = max(z, 0)</c>; <paramref name="z"/> and <paramref name="y"/> may be the same span.</summary>
    public static void Forward(ReadOnlySpan<float> z, Span<float> y) => TensorPrimitives.Max(z, 0f, y);

    /// <summary>The derivative: 1 where <c>z &gt; 0</c>, else 0 (the kink at 0 gets 0, as in PyTorch).</summary>
    public static void Derivative(ReadOnlySpan<float> z, Span<float> derivative)
    {
        RequireSameLength(z.Length, derivative.Length);
        for (int i = 0; i < z.Length; i++)
        {
            derivative[i] = z[i] > 0f ? 1f : 0f;
        }
    }

    /// <summary>
    /// Back-propagates through ReLU: <c>gradInput = mask · gradOutput + beta · gradInput</c>, where the mask is
    /// <c>output &gt; 0</c> (the same as <c>z &gt; 0</c>, so only the layer's output has to be kept).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, Span<float> gradInput, float beta = 0f)
    {
        RequireSameLength(output.Length, gradOutput.Length);
        RequireSameLength(output.Length, gradInput.Length);
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(gradOutput);
        ref float d = ref MemoryMarshal.GetReference(gradInput);
        int n = output.Length;
        int i = 0;
        Vector256<float> vBeta = Vector256.Create(beta);
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256<float> mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref y, (nuint)i), Vector256<float>.Zero);
            Vector256<float> masked = Vector256.BitwiseAnd(mask, Vector256.LoadUnsafe(ref g, (nuint)i));
            if (beta != 0f)
            {
                masked += vBeta * Vector256.LoadUnsafe(ref d, (nuint)i);
            }

            masked.StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < n; i++)
        {
            float masked = output[i] > 0f ? gradOutput[i] : 0f;
            gradInput[i] = beta == 0f ? masked : masked + (beta * gradInput[i]);
        }
    }

    private static void RequireSameLength(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"Span lengths differ: {a} and {b}.");
        }
    }
}
