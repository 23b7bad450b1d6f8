using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Losses;

/// <summary>
/// The regression loss of one output per row, fused with its gradient: half the mean squared error,
/// <c>L = (1/N) Σ_i ½ r_i²</c> with <c>r = output − target</c> (gradient <c>r / N</c>, what scikit-learn's
/// <c>MLPRegressor</c> minimises), or with a finite <see cref="Delta"/> the Huber loss, <c>½ r²</c> for <c>|r| ≤ δ</c> and
/// <c>δ·(|r| − ½δ)</c> beyond (gradient <c>clamp(r, −δ, δ) / N</c>), which a few wild targets cannot dominate.
/// </summary>
internal sealed class RegressionLoss : IOutputLoss<float>
{
    /// <summary>Half the mean squared error.</summary>
    public static RegressionLoss SquaredError { get; } = new(float.PositiveInfinity);

    /// <summary>Creates the loss; <paramref name="delta"/> is the Huber threshold (positive infinity: squared error).</summary>
    public RegressionLoss(float delta)
    {
        if (!(delta > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Huber threshold must be positive (infinity: squared error).");
        }

        Delta = delta;
    }

    /// <summary>The Huber threshold δ; positive infinity for the squared error.</summary>
    public float Delta { get; }

    /// <inheritdoc />
    public bool CountsCorrect => false;

    /// <inheritdoc />
    public LossResult LossAndGradient(Matrix outputs, ReadOnlySpan<float> targets, Matrix gradient, BatchBlock block = default)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return Run(outputs, targets, gradient, block);
    }

    /// <inheritdoc />
    public LossResult LossOverwriting(Matrix outputs, ReadOnlySpan<float> targets) => Run(outputs, targets, null, default);

    /// <inheritdoc />
    public int Stratum(float target) => 0;

    /// <summary>Mean loss (<see cref="LossResult.Correct"/> is 0: a regression has no correct rows) and, when asked, the gradient.</summary>
    private LossResult Run(Matrix outputs, ReadOnlySpan<float> targets, Matrix? gradient, BatchBlock block)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Cols != 1)
        {
            throw new ArgumentException($"A regression has one output per row; got {outputs.Cols}.", nameof(outputs));
        }

        if (targets.Length != outputs.Rows || outputs.Rows == 0)
        {
            throw new ArgumentException($"Got {targets.Length} targets for {outputs.Rows} rows; need the same positive number.", nameof(targets));
        }

        gradient?.RequireSameShape(outputs, nameof(gradient));
        Span<float> o = outputs.Span;
        Span<float> g = gradient is null ? default : gradient.Span;
        float delta = Delta;
        float factor = 1f / block.RowsOfBatch(outputs.Rows);
        double sum = 0;
        for (int i = 0; i < o.Length; i++)
        {
            float r = o[i] - targets[i];
            float a = MathF.Abs(r);
            sum += a <= delta ? 0.5 * r * r : delta * (a - (0.5 * delta));
            if (gradient is not null)
            {
                g[i] = factor * Math.Clamp(r, -delta, delta);
            }
        }

        return new LossResult((float)(sum / o.Length), 0);
    }
}
