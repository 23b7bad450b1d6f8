namespace Hw2.MLNet.Optimizers;

/// <summary>The update rules <see cref="Optimizer.Create"/> builds, for options that name one.</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Optimizers.GradientDescent"/>: the homework's plain step.</summary>
    GradientDescent,

    /// <summary><see cref="Optimizers.Momentum"/> (heavy ball).</summary>
    Momentum,

    /// <summary><see cref="Optimizers.Momentum"/> with Nesterov's correction.</summary>
    Nesterov,

    /// <summary><see cref="Optimizers.Adam"/> with β1 0.9, β2 0.999, ε 1e-8.</summary>
    Adam,
}

/// <summary>Builds optimizers from <see cref="OptimizerKind"/>.</summary>
public static class Optimizer
{
    /// <summary>A new optimizer of <paramref name="kind"/>; <paramref name="momentum"/> is used by the momentum kinds.</summary>
    public static IOptimizer Create(OptimizerKind kind, float momentum = 0.9f) => kind switch
    {
        OptimizerKind.GradientDescent => new GradientDescent(),
        OptimizerKind.Momentum => new Momentum(momentum),
        OptimizerKind.Nesterov => new Momentum(momentum, nesterov: true),
        OptimizerKind.Adam => new Adam(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimizer."),
    };
}
