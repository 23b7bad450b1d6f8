namespace Hw2.MLNet.Optimizers;

/// <summary>The update rules <see cref="IOptimizer.Create"/> builds, for options that name one.</summary>
public enum OptimizerKind
{
    /// <summary><see cref="Optimizers.GradientDescent"/>: the homework's plain step.</summary>
    GradientDescent,

    /// <summary><see cref="MomentumDescent"/> (heavy ball).</summary>
    Momentum,

    /// <summary><see cref="MomentumDescent"/> with Nesterov's correction.</summary>
    Nesterov,

    /// <summary><see cref="Optimizers.Adam"/> with β1 0.9, β2 0.999, ε 1e-8.</summary>
    Adam,
}
