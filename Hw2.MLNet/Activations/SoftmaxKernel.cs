using System.Buffers;
using System.Numerics.Tensors;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Activations;

/// <summary>
/// The one softmax kernel: training's fused loss-and-gradient step, validation's loss and the model's probabilities
/// are all this computation, on rows cut into chunks of <see cref="ChunkRows"/> that run on both cores. Per chunk:
/// (1) the row's arg-max and <c>z − max</c>, (2) one vectorised exp over the whole chunk (rows of 10 classes are too
/// short for per-row calls: they made the step 16× slower), (3) per row the loss <c>log Σ exp(z − max) − (z[y] − max)</c>
/// and the output <c>factor · softmax(z)</c>, minus <c>factor</c> at the label for a gradient.
/// </summary>
internal static unsafe class SoftmaxKernel
{
    /// <summary>Rows of one chunk: its exponentials are one vectorised call and stay in L1.</summary>
    public const int ChunkRows = 256;

    /// <summary>
    /// A softmax component whose exp(z − max) is below this (so whose probability is below 1e-16 times the row's largest,
    /// far past float32's 7 digits) is written as 0. Kept, such components are subnormal floats or become subnormal in
    /// the products downstream (δ·Wᵀ, Xᵀ·δ), and Intel cores take a microcode assist for every subnormal: Xᵀ·δ of 5250
    /// MNIST rows took 110 ms with a subnormal δ against 1.7 ms with a normal one, and the homework's learning curves
    /// (raw pixels, confident networks) ran three times slower than on an AMD core. The loss is exact all the same.
    /// </summary>
    public const float NegligibleExp = 1e-16f;

    /// <summary>
    /// exp's argument is clamped here (exp(−40) ≈ 4e-18 &lt; <see cref="NegligibleExp"/>), so exp itself never returns a
    /// subnormal; every clamped component is then written as 0.
    /// </summary>
    private const float ExpArgumentFloor = -40f;

    /// <summary>
    /// Mean loss and correct rows of a labelled batch. With <paramref name="output"/>'s <paramref name="writeOutput"/>
    /// set, writes <c>factor · softmax(z)</c> into it, minus <c>factor</c> at each row's label when
    /// <paramref name="subtractLabel"/> is set (the gradient of the mean loss for <c>factor = scale / N</c>);
    /// otherwise <paramref name="output"/> is scratch. <paramref name="output"/> may be <paramref name="logits"/>.
    /// </summary>
    public static LossResult Run(Matrix logits, ReadOnlySpan<int> labels, Matrix output, float factor, bool writeOutput, bool subtractLabel)
    {
        int n = logits.Rows;
        int chunks = (n + ChunkRows - 1) / ChunkRows;
        double[] rowLosses = ArrayPool<double>.Shared.Rent(n);
        int[] chunkCorrect = ArrayPool<int>.Shared.Rent(chunks);
        try
        {
            fixed (int* labelData = labels)
            {
                RunChunks(new Batch(logits, output, labelData, factor, writeOutput, subtractLabel, rowLosses, chunkCorrect), chunks);
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

    /// <summary>Softmax of every row of <paramref name="logits"/> into <paramref name="probabilities"/> (which may be the same matrix).</summary>
    public static void Probabilities(Matrix logits, Matrix probabilities)
    {
        int chunks = (logits.Rows + ChunkRows - 1) / ChunkRows;
        RunChunks(new Batch(logits, probabilities, null, 1f, true, false, null, null), chunks);
    }

    /// <summary>Softmax of one vector (the spans may be the same).</summary>
    public static void Probabilities(ReadOnlySpan<float> logits, Span<float> probabilities) =>
        Rows(logits, probabilities, 1, logits.Length, null, 1f, true, false, default);

    private static void RunChunks(Batch batch, int chunks)
    {
        if (chunks > 1 && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, chunks, batch.RunChunk);
        }
        else
        {
            for (int c = 0; c < chunks; c++)
            {
                batch.RunChunk(c);
            }
        }
    }

    /// <summary>
    /// The three passes over <paramref name="rows"/> (≤ <see cref="ChunkRows"/>) rows of <paramref name="k"/> values;
    /// returns how many rows have their arg-max at the label (0 without labels).
    /// </summary>
    private static int Rows(
        ReadOnlySpan<float> z, Span<float> output, int rows, int k, int* labels, float factor, bool writeOutput, bool subtractLabel, Span<double> rowLosses)
    {
        Span<float> labelMargin = stackalloc float[ChunkRows];
        int correct = 0;

        // Pass 1, per row: arg-max, and the shifted logits z − max into the output rows (z may be overwritten here).
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> zr = z.Slice(r * k, k);
            Span<float> g = output.Slice(r * k, k);
            float max = zr[0];
            int argMax = 0;
            for (int j = 1; j < k; j++)
            {
                if (zr[j] > max)
                {
                    max = zr[j];
                    argMax = j;
                }
            }

            if (labels is not null)
            {
                int label = labels[r];
                correct += argMax == label ? 1 : 0;
                labelMargin[r] = zr[label] - max;
            }

            for (int j = 0; j < k; j++)
            {
                g[j] = MathF.Max(zr[j] - max, ExpArgumentFloor);
            }
        }

        // Pass 2: one vectorised exp over the whole chunk.
        Span<float> block = output[..(rows * k)];
        TensorPrimitives.Exp(block, block);

        // Pass 3, per row. The negligible terms do not change the sum (it is at least 1, from the max, and they are
        // below 1e-16 each).
        for (int r = 0; r < rows; r++)
        {
            Span<float> g = block.Slice(r * k, k);
            float sum = 0f;
            for (int j = 0; j < k; j++)
            {
                sum += g[j];
            }

            if (labels is not null)
            {
                rowLosses[r] = Math.Log(sum) - labelMargin[r];
            }

            if (!writeOutput)
            {
                continue;
            }

            float inverse = factor / sum;
            for (int j = 0; j < k; j++)
            {
                g[j] = g[j] < NegligibleExp ? 0f : g[j] * inverse;
            }

            if (subtractLabel)
            {
                g[labels[r]] -= factor;
            }
        }

        return correct;
    }

    /// <summary>
    /// One call's operands, shared by its chunks (which touch disjoint rows). A struct, so that a call of one chunk
    /// (a <c>PredictionEngine</c> row, a small validation set) allocates nothing.
    /// </summary>
    private readonly struct Batch(Matrix logits, Matrix output, int* labels, float factor, bool writeOutput, bool subtractLabel, double[]? rowLosses, int[]? chunkCorrect)
    {
        public void RunChunk(int chunk)
        {
            int k = logits.Cols;
            int r0 = chunk * ChunkRows;
            int rows = Math.Min(ChunkRows, logits.Rows - r0);
            int correct = Rows(
                logits.Span.Slice(r0 * k, rows * k),
                output.Span.Slice(r0 * k, rows * k),
                rows,
                k,
                labels is null ? null : labels + r0,
                factor,
                writeOutput,
                subtractLabel,
                rowLosses is null ? default : rowLosses.AsSpan(r0, rows));
            if (chunkCorrect is not null)
            {
                chunkCorrect[chunk] = correct;
            }
        }
    }
}
