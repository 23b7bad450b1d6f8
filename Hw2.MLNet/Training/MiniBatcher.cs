using Hw2.MLNet.Numerics;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Training;

/// <summary>
/// Cuts a data set into batches, like the homework's <c>MiniBatcher</c>: every epoch draws a fresh seeded
/// permutation of the rows (Fisher–Yates), and the last, partial batch is kept. With a batch size ≤ 0 or ≥ the
/// row count there is one batch: the data set itself, not copied and not shuffled (order does not matter then), as a
/// fixed view whose products keep their panels from epoch to epoch (<see cref="Matrix.AsFixed"/>).
/// Minibatches are gathered into two reusable buffers (full size and the remainder), so no epoch allocates.
/// </summary>
internal sealed class MiniBatcher<TTarget>
    where TTarget : unmanaged
{
    private readonly Matrix features;
    private readonly TTarget[] targets;
    private readonly int[] order;
    private readonly Random random;
    private readonly Batch<TTarget>? full;
    private readonly Batch<TTarget>? remainder;

    /// <summary>Creates a batcher over <paramref name="features"/> (N × d) and <paramref name="targets"/> (N).</summary>
    public MiniBatcher(Matrix features, TTarget[] targets, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Length != features.Rows)
        {
            throw new ArgumentException($"Got {targets.Length} targets for {features.Rows} rows.", nameof(targets));
        }

        this.features = features;
        this.targets = targets;
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
            // The rows stay as they are while they train, epoch after epoch: the products keep their panels.
            full = new Batch<TTarget>(features.AsFixed(), targets);
        }
        else
        {
            full = new Batch<TTarget>(new Matrix(BatchSize, features.Cols), new TTarget[BatchSize]);
            int rest = rows % BatchSize;
            remainder = rest == 0 ? null : new Batch<TTarget>(new Matrix(rest, features.Cols), new TTarget[rest]);
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
    public Batch<TTarget> GetBatch(int index)
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
        Batch<TTarget> batch = count == BatchSize ? full! : remainder!;
        for (int i = 0; i < count; i++)
        {
            int row = order[start + i];
            features.Row(row).CopyTo(batch.Features.Row(i));
            batch.Targets[i] = targets[row];
        }

        return batch;
    }
}

/// <summary>The rows and targets of one batch.</summary>
/// <param name="Features">Batch rows.</param>
/// <param name="Targets">Target of each row (a class index, or a value for a regression).</param>
/// <typeparam name="TTarget">The type of one row's target.</typeparam>
internal sealed record Batch<TTarget>(Matrix Features, TTarget[] Targets)
    where TTarget : unmanaged;
