using Hw2.MLNet.Numerics;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Training;

/// <summary>
/// Holds out a seeded, stratified fraction of a data set: from every class, <c>round(fraction · count)</c> rows drawn
/// at random (at most count − 1, so every class keeps a training row). Rows keep their original order on both sides.
/// </summary>
public static class StratifiedSplit
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
    public static (Matrix Features, int[] Labels) Take(Matrix features, int[] labels, int[] rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(rows);
        var x = new Matrix(rows.Length, features.Cols);
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            features.Row(rows[i]).CopyTo(x.Row(i));
            y[i] = labels[rows[i]];
        }

        return (x, y);
    }
}
