using Hw2.MLNet.Numerics;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Training;

/// <summary>
/// Cuts a data set into batches, like the homework's <c>MiniBatcher</c>: every epoch draws a fresh seeded
/// permutation of the rows (Fisher–Yates), and the last, partial batch is kept. With a batch size ≤ 0 or ≥ the
/// row count there is one batch: the data set itself, not copied and not shuffled (order does not matter then).
/// Minibatches are gathered into two reusable buffers (full size and the remainder), so no epoch allocates.
/// </summary>
internal sealed class MiniBatcher
{
    private readonly Matrix features;
    private readonly int[] labels;
    private readonly int[] order;
    private readonly Random random;
    private readonly Batch? full;
    private readonly Batch? remainder;

    /// <summary>Creates a batcher over <paramref name="features"/> (N × d) and <paramref name="labels"/> (N).</summary>
    public MiniBatcher(Matrix features, int[] labels, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != features.Rows)
        {
            throw new ArgumentException($"Got {labels.Length} labels for {features.Rows} rows.", nameof(labels));
        }

        this.features = features;
        this.labels = labels;
        int rows = features.Rows;
        BatchSize = batchSize <= 0 || batchSize >= rows ? rows : batchSize;
        BatchCount = rows == 0 ? 0 : (rows + BatchSize - 1) / BatchSize;
        order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }

        random = new Xoshiro256StarStar(seed, threadSafe: false);
        if (IsFullBatch)
        {
            full = new Batch(features, labels);
        }
        else
        {
            full = new Batch(new Matrix(BatchSize, features.Cols), new int[BatchSize]);
            int rest = rows % BatchSize;
            remainder = rest == 0 ? null : new Batch(new Matrix(rest, features.Cols), new int[rest]);
        }
    }

    /// <summary>Rows per batch (the last batch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount { get; }

    /// <summary>True when the whole data set is one batch.</summary>
    public bool IsFullBatch => BatchSize == features.Rows;

    /// <summary>Draws the next epoch's permutation. Does nothing for a full batch.</summary>
    public void Shuffle()
    {
        if (IsFullBatch)
        {
            return;
        }

        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>Batch <paramref name="index"/> of the current epoch; valid until the next call.</summary>
    public Batch GetBatch(int index)
    {
        if ((uint)index >= (uint)BatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Must be in [0, {BatchCount}).");
        }

        if (IsFullBatch)
        {
            return full!;
        }

        int start = index * BatchSize;
        int count = Math.Min(BatchSize, order.Length - start);
        Batch batch = count == BatchSize ? full! : remainder!;
        for (int i = 0; i < count; i++)
        {
            int row = order[start + i];
            features.Row(row).CopyTo(batch.Features.Row(i));
            batch.Labels[i] = labels[row];
        }

        return batch;
    }
}

/// <summary>The rows and labels of one batch.</summary>
/// <param name="Features">Batch rows.</param>
/// <param name="Labels">Class index of each row.</param>
internal sealed record Batch(Matrix Features, int[] Labels);
