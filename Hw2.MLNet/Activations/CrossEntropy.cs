using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary>
/// Mean cross-entropy of a batch, <c>L = −(1/N) Σ_i log p_i[y_i]</c>, and the fused softmax + cross-entropy
/// step every engine uses: loss from logits (<c>logsumexp(z) − z[y]</c>, never <c>log 0</c>) and the gradient
/// <c>dL/dz = (softmax(z) − onehot(y)) / N</c> in one pass.
/// </summary>
public static class CrossEntropy
{
    /// <summary>Mean cross-entropy from probabilities (e.g. a softmax output). A zero probability gives +∞, as it should.</summary>
    public static float FromProbabilities(Matrix probabilities, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        CheckBatch(probabilities, labels);
        double sum = 0;
        for (int r = 0; r < probabilities.Rows; r++)
        {
            sum -= Math.Log(probabilities[r, labels[r]]);
        }

        return (float)(sum / probabilities.Rows);
    }

    /// <summary>Mean cross-entropy straight from logits: <c>(1/N) Σ_i (logsumexp(z_i) − z_i[y_i])</c>.</summary>
    public static float FromLogits(Matrix logits, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        CheckBatch(logits, labels);
        return SoftmaxKernel.Run(logits, labels, new Matrix(logits.Rows, logits.Cols), 1f, writeOutput: false, subtractLabel: false).Loss;
    }

    /// <summary>
    /// The mean loss and correct rows of a batch, computed in <paramref name="logits"/>' own storage (its values are
    /// overwritten): what validation needs, without a gradient.
    /// </summary>
    internal static LossResult LossOverwritingLogits(Matrix logits, ReadOnlySpan<int> labels)
    {
        CheckBatch(logits, labels);
        return SoftmaxKernel.Run(logits, labels, logits, 1f, writeOutput: false, subtractLabel: false);
    }

    /// <summary>
    /// The fused step: returns the mean loss from <paramref name="logits"/> and writes
    /// <c>gradient = scale · (softmax(z) − onehot(y)) / N</c> (N = rows), counting rows whose arg-max is the label.
    /// <paramref name="gradient"/> may be <paramref name="logits"/> itself. A softmax component below
    /// <see cref="SoftmaxKernel.NegligibleExp"/> times the row's largest is written as 0 (see there why); the loss is exact.
    /// </summary>
    /// <param name="logits">N × K scores.</param>
    /// <param name="labels">N class indices in [0, K).</param>
    /// <param name="gradient">N × K output: the gradient of the mean loss times <paramref name="scale"/>.</param>
    /// <param name="scale">Upstream gradient of the loss (1 for a loss that is minimised directly).</param>
    public static LossResult SoftmaxLossAndGradient(Matrix logits, ReadOnlySpan<int> labels, Matrix gradient, float scale = 1f) =>
        SoftmaxStep(logits, labels, gradient, scale, default);

    /// <summary>
    /// <see cref="SoftmaxLossAndGradient(Matrix, ReadOnlySpan{int}, Matrix, float)"/> for rows that may be a block of a
    /// larger batch: the gradient is that of the batch's mean loss (N = its rows), the loss is the block's mean, and a bad
    /// label is named by its row in the batch.
    /// </summary>
    internal static LossResult SoftmaxLossAndGradient(Matrix logits, ReadOnlySpan<int> labels, Matrix gradient, Losses.BatchBlock block) =>
        SoftmaxStep(logits, labels, gradient, 1f, block);

    /// <summary>Both overloads' step: the gradient of the batch's mean loss times <paramref name="scale"/>, bad labels named by their batch row.</summary>
    private static LossResult SoftmaxStep(Matrix logits, ReadOnlySpan<int> labels, Matrix gradient, float scale, Losses.BatchBlock block)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(gradient);
        CheckBatch(logits, labels, block.FirstRow);
        gradient.RequireSameShape(logits, nameof(gradient));
        return SoftmaxKernel.Run(logits, labels, gradient, scale / block.RowsOfBatch(logits.Rows), writeOutput: true, subtractLabel: true);
    }

    private static void CheckBatch(Matrix scores, ReadOnlySpan<int> labels, int firstRow = 0)
    {
        if (labels.Length != scores.Rows)
        {
            throw new ArgumentException($"Got {labels.Length} labels for {scores.Rows} rows.", nameof(labels));
        }

        if (scores.Rows == 0)
        {
            throw new ArgumentException("The mean cross-entropy of an empty batch is undefined.", nameof(scores));
        }

        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)scores.Cols)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(labels), labels[r], $"Label at row {firstRow + r} must be a class index in [0, {scores.Cols}).");
            }
        }
    }
}

/// <summary>The mean loss of a batch and how many of its rows were classified correctly.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Correct">Rows whose highest score is at the label.</param>
public readonly record struct LossResult(float Loss, int Correct);
