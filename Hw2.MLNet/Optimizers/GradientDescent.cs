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
        foreach (Parameter p in parameters)
        {
            TensorPrimitives.MultiplyAdd(p.Gradient.Span, -learningRate, p.Value.Span, p.Value.Span);
        }
    }

    /// <inheritdoc />
    public void Reset()
    {
    }
}
