using System.Numerics.Tensors;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Network;

/// <summary>
/// How a model turns the network's last-layer outputs into what it reports: the class probabilities (softmax) of the
/// multiclass classifier, the logit itself for the binary one, and for a regression the prediction in the label's
/// units, <c>output · scale + offset</c> (undoing the label's standardisation).
/// </summary>
internal abstract class OutputMap
{
    /// <summary>Softmax of each row.</summary>
    public static OutputMap Softmax { get; } = new SoftmaxMap();

    /// <summary>The outputs unchanged.</summary>
    public static OutputMap Identity { get; } = new AffineMap(1f, 0f);

    /// <summary><c>output · scale + offset</c>, element-wise.</summary>
    public static OutputMap Affine(float scale, float offset) => scale == 1f && offset == 0f ? Identity : new AffineMap(scale, offset);

    /// <summary>Writes the mapped <paramref name="outputs"/> into <paramref name="destination"/> (same shape; may be the same matrix).</summary>
    public abstract void Apply(Matrix outputs, Matrix destination);

    private sealed class SoftmaxMap : OutputMap
    {
        public override void Apply(Matrix outputs, Matrix destination) => SoftmaxKernel.Probabilities(outputs, destination);
    }

    private sealed class AffineMap(float scale, float offset) : OutputMap
    {
        public override void Apply(Matrix outputs, Matrix destination)
        {
            if (scale == 1f && offset == 0f)
            {
                outputs.Span.CopyTo(destination.Span);
            }
            else
            {
                // Two rounded steps, (output · scale) then + offset: what an exported graph's Mul and Add compute.
                TensorPrimitives.Multiply(outputs.Span, scale, destination.Span);
                TensorPrimitives.Add(destination.Span, offset, destination.Span);
            }
        }
    }
}
