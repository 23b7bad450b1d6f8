using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Losses;

/// <summary>
/// The binary classifier's loss: the mean logistic loss of one logit per row, <c>L = (1/N) Σ_i ℓ(z_i, y_i)</c> with
/// <c>ℓ(z, 1) = log(1 + e^{−z})</c> and <c>ℓ(z, 0) = log(1 + e^{z})</c>, computed in the stable form
/// <c>max(z, 0) − z·y + log(1 + e^{−|z|})</c> (never <c>log(sigmoid)</c>, which is −∞ once the sigmoid underflows),
/// fused with its gradient <c>dL/dz = (σ(z) − y) / N</c> in one pass. A row is predicted positive when σ(z) ≥ 0.5.
/// </summary>
internal sealed class LogisticLoss : IOutputLoss<int>
{
    private LogisticLoss()
    {
    }

    /// <summary>The loss (it has no settings).</summary>
    public static LogisticLoss Instance { get; } = new();

    /// <inheritdoc />
    public bool CountsCorrect => true;

    /// <inheritdoc />
    public LossResult LossAndGradient(Matrix outputs, ReadOnlySpan<int> targets, Matrix gradient, BatchBlock block = default)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return Run(outputs, targets, gradient, block);
    }

    /// <inheritdoc />
    public LossResult LossOverwriting(Matrix outputs, ReadOnlySpan<int> targets) => Run(outputs, targets, null, default);

    /// <inheritdoc />
    public int Stratum(int target) => target;

    /// <summary>σ(z) = 1 / (1 + e^{−z}), without overflow for either sign.</summary>
    public static float Sigmoid(float z)
    {
        if (z >= 0f)
        {
            return 1f / (1f + MathF.Exp(-z));
        }

        float e = MathF.Exp(z);
        return e / (1f + e);
    }

    /// <summary>The prediction for a logit: positive when its probability σ(z) is at least 0.5 (false for NaN).</summary>
    public static bool PredictsPositive(float z) => Sigmoid(z) >= 0.5f;

    private static LossResult Run(Matrix logits, ReadOnlySpan<int> labels, Matrix? gradient, BatchBlock block)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Cols != 1)
        {
            throw new ArgumentException($"A binary classifier has one logit per row; got {logits.Cols}.", nameof(logits));
        }

        if (labels.Length != logits.Rows || logits.Rows == 0)
        {
            throw new ArgumentException($"Got {labels.Length} labels for {logits.Rows} rows; need the same positive number.", nameof(labels));
        }

        gradient?.RequireSameShape(logits, nameof(gradient));
        Span<float> z = logits.Span;
        Span<float> g = gradient is null ? default : gradient.Span;
        float factor = 1f / block.RowsOfBatch(logits.Rows);
        double sum = 0;
        int correct = 0;
        for (int i = 0; i < z.Length; i++)
        {
            int y = labels[i];
            if ((uint)y > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), y, $"Label at row {block.FirstRow + i} must be 0 or 1.");
            }

            float zi = z[i];
            sum += Math.Max(zi, 0f) - (zi * y) + Math.Log(1 + Math.Exp(-Math.Abs(zi)));
            correct += PredictsPositive(zi) == (y == 1) ? 1 : 0;
            if (gradient is not null)
            {
                g[i] = factor * (Sigmoid(zi) - y);
            }
        }

        return new LossResult((float)(sum / z.Length), correct);
    }
}
