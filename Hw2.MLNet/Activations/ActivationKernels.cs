using System.Numerics.Tensors;

namespace Hw2.MLNet.Activations;

/// <summary>
/// Forward and backward passes of every <see cref="HiddenActivation"/>. The backward pass needs only the
/// activation's output <c>y</c>: relu' = [y &gt; 0], sigmoid' = y(1 − y), tanh' = 1 − y², identity' = 1.
/// All three gradient engines (Backprop, Autograd, Modules) call these, so they compute the same numbers.
/// </summary>
internal static class ActivationKernels
{
    /// <summary><c>y = f(z)</c>; the spans may be the same.</summary>
    public static void Forward(HiddenActivation activation, ReadOnlySpan<float> z, Span<float> y)
    {
        switch (activation)
        {
            case HiddenActivation.Relu:
                Relu.Forward(z, y);
                break;
            case HiddenActivation.Identity:
                z.CopyTo(y);
                break;
            case HiddenActivation.Sigmoid:
                TensorPrimitives.Sigmoid(z, y);
                break;
            case HiddenActivation.Tanh:
                TensorPrimitives.Tanh(z, y);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    /// <summary><c>gradInput = f'(z) ⊙ gradOutput + beta · gradInput</c>, with f'(z) computed from <c>y = f(z)</c>.</summary>
    public static void Backward(
        HiddenActivation activation, ReadOnlySpan<float> y, ReadOnlySpan<float> gradOutput, Span<float> gradInput, float beta = 0f)
    {
        switch (activation)
        {
            case HiddenActivation.Relu:
                Relu.Backward(y, gradOutput, gradInput, beta);
                return;
            case HiddenActivation.Identity:
                if (beta == 0f)
                {
                    gradOutput.CopyTo(gradInput);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(gradInput, beta, gradOutput, gradInput);
                }

                return;
            case HiddenActivation.Sigmoid:
            case HiddenActivation.Tanh:
                SmoothBackward(activation, y, gradOutput, gradInput, beta);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        }
    }

    private static void SmoothBackward(
        HiddenActivation activation, ReadOnlySpan<float> y, ReadOnlySpan<float> gradOutput, Span<float> gradInput, float beta)
    {
        bool sigmoid = activation == HiddenActivation.Sigmoid;
        for (int i = 0; i < y.Length; i++)
        {
            float derivative = sigmoid ? y[i] * (1f - y[i]) : 1f - (y[i] * y[i]);
            float value = derivative * gradOutput[i];
            gradInput[i] = beta == 0f ? value : value + (beta * gradInput[i]);
        }
    }
}
