using System.Buffers;
using System.Numerics.Tensors;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary>
/// Mean cross-entropy of a batch, <c>L = −(1/N) Σ_i log p_i[y_i]</c>, and the fused softmax + cross-entropy
/// step every engine uses: loss from logits (<c>logsumexp(z) − z[y]</c>, never <c>log 0</c>) and the gradient
/// <c>dL/dz = (softmax(z) − onehot(y)) / N</c> in one pass.
/// </summary>
public static unsafe class CrossEntropy
{
    private const int ChunkRows = SoftmaxStep.ChunkRows;

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
        double sum = 0;
        for (int r = 0; r < logits.Rows; r++)
        {
            Span<float> row = logits.Row(r);
            sum += LogSoftmax.LogSumExp(row) - row[labels[r]];
        }

        return (float)(sum / logits.Rows);
    }

    /// <summary>
    /// The fused step: returns the mean loss from <paramref name="logits"/> and writes
    /// <c>gradient = scale · (softmax(z) − onehot(y)) / N</c> (N = rows), counting rows whose arg-max is the label.
    /// <paramref name="gradient"/> may be <paramref name="logits"/> itself. A softmax component below
    /// <see cref="SoftmaxStep.NegligibleExp"/> times the row's largest is written as 0 (see there why); the loss is exact.
    /// </summary>
    /// <param name="logits">N × K scores.</param>
    /// <param name="labels">N class indices in [0, K).</param>
    /// <param name="gradient">N × K output: the gradient of the mean loss times <paramref name="scale"/>.</param>
    /// <param name="scale">Upstream gradient of the loss (1 for a loss that is minimised directly).</param>
    public static LossResult SoftmaxLossAndGradient(Matrix logits, ReadOnlySpan<int> labels, Matrix gradient, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(gradient);
        CheckBatch(logits, labels);
        gradient.RequireSameShape(logits, nameof(gradient));
        int n = logits.Rows;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        double[] rowLosses = ArrayPool<double>.Shared.Rent(n);
        int[] chunkCorrect = ArrayPool<int>.Shared.Rent(chunks);
        try
        {
            fixed (int* labelData = labels)
            {
                var step = new SoftmaxStep(logits, labelData, gradient, scale / n, rowLosses, chunkCorrect);
                if (chunks > 1 && Environment.ProcessorCount > 1)
                {
                    Parallel.For(0, chunks, step.RunChunk);
                }
                else
                {
                    for (int c = 0; c < chunks; c++)
                    {
                        step.RunChunk(c);
                    }
                }
            }

            // The rows' losses are added in row order whatever the threads did, so the loss does not depend on them.
            double lossSum = 0;
            for (int r = 0; r < n; r++)
            {
                lossSum += rowLosses[r];
            }

            int correct = 0;
            for (int c = 0; c < chunks; c++)
            {
                correct += chunkCorrect[c];
            }

            return new LossResult((float)(lossSum / n), correct);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rowLosses);
            ArrayPool<int>.Shared.Return(chunkCorrect);
        }
    }

    private static void CheckBatch(Matrix scores, ReadOnlySpan<int> labels)
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
                    nameof(labels), labels[r], $"Label at row {r} must be a class index in [0, {scores.Cols}).");
            }
        }
    }
}

/// <summary>The mean loss of a batch and how many of its rows were classified correctly.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Correct">Rows whose highest score is at the label.</param>
public readonly record struct LossResult(float Loss, int Correct);

/// <summary>
/// One call of <see cref="CrossEntropy.SoftmaxLossAndGradient"/>, cut into chunks of rows that are independent of each
/// other (the chunks of a large batch run on both cores: the shallow net's step spent a fifth of its time here).
/// </summary>
internal sealed unsafe class SoftmaxStep(Matrix logits, int* labels, Matrix gradient, float factor, double[] rowLosses, int[] chunkCorrect)
{
    /// <summary>Rows of one chunk: its exponentials are one vectorised call and stay in L1.</summary>
    public const int ChunkRows = 256;

    /// <summary>
    /// A softmax component whose exp(z − max) is below this (so whose probability is below 1e-16 times the row's largest,
    /// far past float32's 7 digits) enters the gradient as 0. Kept, such components are subnormal floats or become
    /// subnormal in the products downstream (δ·Wᵀ, Xᵀ·δ), and Intel cores take a microcode assist for every subnormal:
    /// Xᵀ·δ of 5250 MNIST rows took 110 ms with a subnormal δ against 1.7 ms with a normal one, and the homework's
    /// learning curves (raw pixels, confident networks) ran three times slower than on an AMD core.
    /// </summary>
    public const float NegligibleExp = 1e-16f;

    /// <summary>
    /// exp's argument is clamped here (exp(−40) ≈ 4e-18 &lt; <see cref="NegligibleExp"/>), so exp itself never returns a
    /// subnormal; every clamped component is then written as 0.
    /// </summary>
    private const float ExpArgumentFloor = -40f;

    /// <summary>Loss terms of the chunk's rows into the row losses, its correct-row count into the chunk counts, its gradient rows.</summary>
    public void RunChunk(int chunk)
    {
        int k = logits.Cols;
        int r0 = chunk * ChunkRows;
        int rows = Math.Min(ChunkRows, logits.Rows - r0);
        Span<float> labelMargin = stackalloc float[ChunkRows];
        int correct = 0;

        // Pass 1, per row: arg-max, and the shifted logits z − max into the gradient rows (z may be overwritten here).
        for (int r = 0; r < rows; r++)
        {
            Span<float> z = logits.Row(r0 + r);
            Span<float> g = gradient.Row(r0 + r);
            int label = labels[r0 + r];
            float max = z[0];
            int argMax = 0;
            for (int j = 1; j < k; j++)
            {
                if (z[j] > max)
                {
                    max = z[j];
                    argMax = j;
                }
            }

            correct += argMax == label ? 1 : 0;
            labelMargin[r] = z[label] - max;
            for (int j = 0; j < k; j++)
            {
                g[j] = MathF.Max(z[j] - max, ExpArgumentFloor);
            }
        }

        // Pass 2: one vectorised exp over the whole chunk (rows are short, so per-row calls would be overhead-bound).
        Span<float> block = gradient.Span.Slice(r0 * k, rows * k);
        TensorPrimitives.Exp(block, block);

        // Pass 3, per row: loss = log Σ exp(z − max) − (z[y] − max); gradient = factor · softmax − factor · onehot. The
        // negligible terms do not change the sum (it is at least 1, from the max, and they are below 1e-16 each).
        for (int r = 0; r < rows; r++)
        {
            Span<float> g = block.Slice(r * k, k);
            float sum = 0f;
            for (int j = 0; j < k; j++)
            {
                sum += g[j];
            }

            rowLosses[r0 + r] = Math.Log(sum) - labelMargin[r];
            float inverse = factor / sum;
            for (int j = 0; j < k; j++)
            {
                g[j] = g[j] < NegligibleExp ? 0f : g[j] * inverse;
            }

            g[labels[r0 + r]] -= factor;
        }

        chunkCorrect[chunk] = correct;
    }
}
