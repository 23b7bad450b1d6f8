using System.Numerics.Tensors;
using Hw2.MLNet.Network;

namespace Hw2.MLNet.Optimizers;

/// <summary>Plain gradient descent, the homework's update: <c>θ ← θ − η · ∇θ</c>. Stateless.</summary>
internal sealed class GradientDescent : IOptimizer
{
    /// <inheritdoc />
    public void Step(IReadOnlyList<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ParameterSweep.Run(
            parameters,
            (index, start, length) =>
            {
                Parameter p = parameters[index];
                Span<float> theta = p.Value.Span.Slice(start, length);
                TensorPrimitives.MultiplyAdd(p.Gradient.Span.Slice(start, length), -learningRate, theta, theta);
            },
            Environment.ProcessorCount);
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
