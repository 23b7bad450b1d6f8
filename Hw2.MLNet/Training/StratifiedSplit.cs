using Hw2.MLNet.Numerics;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Training;

/// <summary>
/// Holds out a seeded, stratified fraction of a data set: from every stratum (a classifier's class; a regression has
/// one), <c>round(fraction · count)</c> rows drawn at random (at most count − 1, so every class keeps a training row). Rows keep their original order on both sides.
/// The training loop splits with <see cref="PartitionInPlace"/>, so holding out 10 % costs a copy of those 10 %, not of
/// the whole set.
/// </summary>
internal static class StratifiedSplit
{
    /// <summary>Row indices of the training and validation parts.</summary>
    public static (int[] Train, int[] Validation) Indices(ReadOnlySpan<int> labels, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must be in (0, 1).");
        }

        var byClass = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!byClass.TryGetValue(labels[i], out List<int>? rows))
            {
                rows = [];
                byClass[labels[i]] = rows;
            }

            rows.Add(i);
        }

        var random = new Xoshiro256StarStar(seed, threadSafe: false);
        var validation = new List<int>();
        foreach (List<int> rows in byClass.Values)
        {
            int take = Math.Min(rows.Count - 1, (int)Math.Round(fraction * rows.Count));
            for (int i = 0; i < take; i++)
            {
                int j = i + random.Next(rows.Count - i);
                (rows[i], rows[j]) = (rows[j], rows[i]);
                validation.Add(rows[i]);
            }
        }

        if (validation.Count == 0)
        {
            throw new ArgumentException($"A validation fraction of {fraction} leaves no validation rows out of {labels.Length}.", nameof(fraction));
        }

        validation.Sort();
        var isValidation = new bool[labels.Length];
        foreach (int i in validation)
        {
            isValidation[i] = true;
        }

        int[] train = [.. Enumerable.Range(0, labels.Length).Where(i => !isValidation[i])];
        return (train, [.. validation]);
    }

    /// <summary>The given rows of <paramref name="features"/> and <paramref name="labels"/>, copied.</summary>
    public static (Matrix Features, TTarget[] Labels) Take<TTarget>(Matrix features, TTarget[] labels, int[] rows)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rows);
        var x = new Matrix(rows.Length, features.Cols);
        var y = new TTarget[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            features.Row(rows[i]).CopyTo(x.Row(i));
            y[i] = labels[rows[i]];
        }

        return (x, y);
    }

    /// <summary>
    /// Splits a data set by row index without copying its training part: the validation rows are copied out, then the
    /// training rows are moved up, in order, into the first rows of <paramref name="features"/>, which therefore no
    /// longer holds its original order. The training part is a view of those first rows; its rows and labels are
    /// those <see cref="Take"/> would give for <paramref name="trainRows"/>. Both index lists must be ascending.
    /// </summary>
    /// <returns>The training rows (a view of <paramref name="features"/>) and labels, and the copied validation rows and labels.</returns>
    public static (Matrix Features, TTarget[] Labels, Matrix ValidationFeatures, TTarget[] ValidationLabels) PartitionInPlace<TTarget>(
        Matrix features, TTarget[] labels, int[] trainRows, int[] validationRows)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(trainRows);
        (Matrix vx, TTarget[] vy) = Take(features, labels, validationRows);
        var y = new TTarget[trainRows.Length];
        for (int k = 0; k < trainRows.Length; k++)
        {
            int row = trainRows[k];
            if (row < k || (k > 0 && row <= trainRows[k - 1]))
            {
                throw new ArgumentException("Training rows must be ascending and distinct.", nameof(trainRows));
            }

            // row ≥ k: moving rows up in ascending order never overwrites a training row not yet moved.
            if (row != k)
            {
                features.Row(row).CopyTo(features.Row(k));
            }

            y[k] = labels[row];
        }

        return (features.RowRange(0, trainRows.Length), y, vx, vy);
    }
}
