using Hw2.MLNet.Network;

namespace Hw2.MLNet.Optimizers;

/// <summary>
/// Updates parameters from their gradients. An optimizer may keep state per parameter (momentum, moment
/// estimates); <see cref="Reset"/> forgets it, so one instance can serve several independent fits.
/// The gradient engines do not know which optimizer runs.
/// </summary>
internal interface IOptimizer
{
    /// <summary>Applies one update to every parameter, using its current <see cref="Parameter.Gradient"/>.</summary>
    void Step(IReadOnlyList<Parameter> parameters, float learningRate);

    /// <summary>Forgets all per-parameter state.</summary>
    void Reset();

    /// <summary>A new optimizer of <paramref name="kind"/>; <paramref name="momentum"/> is used by the momentum kinds.</summary>
    static IOptimizer Create(OptimizerKind kind, float momentum = 0.9f) => kind switch
    {
        OptimizerKind.GradientDescent => new GradientDescent(),
        OptimizerKind.Momentum => new MomentumDescent(momentum),
        OptimizerKind.Nesterov => new MomentumDescent(momentum, nesterov: true),
        OptimizerKind.Adam => new Adam(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };
}
