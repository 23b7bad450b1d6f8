using System.Globalization;
using Hw2.MLNet.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Streams an <see cref="IDataView"/> once, through a cursor, into one dense float32 batch and the rows' targets
/// (read by the task's <see cref="ITargetColumn{TTarget}"/>). Sparse vectors are densified; a label the task refuses,
/// a non-finite feature or a damaged file stops with an error that names the data set and the row.
/// </summary>
internal static class TrainingSetReader
{
    /// <summary>Reads every row.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="features">The feature column (a known-size vector of Single).</param>
    /// <param name="target">The label column and how its values become targets.</param>
    /// <param name="featureCount">Values per feature vector.</param>
    /// <param name="dataName">What errors call the data, e.g. "the training data".</param>
    /// <param name="cancellationToken">Checked every 1024 rows.</param>
    public static (Matrix Features, TTarget[] Targets) Read<TTarget>(
        IDataView data,
        DataViewSchema.Column features,
        ITargetColumn<TTarget> target,
        int featureCount,
        string dataName,
        CancellationToken cancellationToken)
        where TTarget : unmanaged
    {
        long? known = data.GetRowCount();
        if (known is long total)
        {
            RequireFits(total, featureCount, dataName, total.ToString(CultureInfo.InvariantCulture));
        }

        int capacity = known is long n and > 0 ? (int)n : 1024;
        float[] values = new float[capacity * featureCount];
        TTarget[] targets = new TTarget[capacity];
        int rows = 0;
        string subject = Capitalized(dataName);
        try
        {
            using DataViewRowCursor cursor = data.GetRowCursor([features, target.Column]);
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            Func<long, TTarget> getTarget = target.Bind(cursor, subject);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                if ((rows & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (rows == targets.Length)
                {
                    RequireFits(rows + 1L, featureCount, dataName, "more than " + rows.ToString(CultureInfo.InvariantCulture));
                    int grown = (int)Math.Min((long)rows * 2, MaxRows(featureCount));
                    Array.Resize(ref targets, grown);
                    Array.Resize(ref values, grown * featureCount);
                }

                targets[rows] = getTarget(rows);
                getFeatures(ref buffer);
                CopyDense(buffer, values.AsSpan(rows * featureCount, featureCount), subject, rows, features.Name);
                rows++;
            }
        }
        catch (Exception e) when (FileError(e) is InvalidDataException file)
        {
            // ML.NET reads ahead on worker threads and wraps their exceptions ("Splitter/consolidator worker ..."):
            // report the file's own error, at the row reached when it came directly, near it when it came wrapped.
            throw new InvalidDataException($"Reading {dataName} failed {(ReferenceEquals(e, file) ? "at" : "near")} row {rows}: {file.Message}", file);
        }

        if (rows == 0)
        {
            throw new InvalidOperationException($"{subject} has no rows.");
        }

        return (new Matrix(rows, featureCount, values), rows == targets.Length ? targets : targets[..rows]);
    }

    /// <summary>The most rows of <paramref name="featureCount"/> values one float32 array holds.</summary>
    public static long MaxRows(int featureCount) => Array.MaxLength / Math.Max(1, featureCount);

    private static void RequireFits(long rows, int featureCount, string dataName, string count)
    {
        if (rows > MaxRows(featureCount))
        {
            throw new InvalidOperationException(
                $"{Capitalized(dataName)} has {count} rows of {featureCount} features; the trainer holds them in one float32 array of at most " +
                $"{Array.MaxLength} values, so at most {MaxRows(featureCount)} rows of this size. Train on fewer rows (e.g. mlContext.Data.TakeRows).");
        }
    }

    private static InvalidDataException? FileError(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is InvalidDataException file)
            {
                return file;
            }
        }

        return null;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Copies a (possibly sparse) feature vector into a dense row, rejecting NaN and infinity.</summary>
    /// <param name="source">The row's feature vector.</param>
    /// <param name="row">The dense destination.</param>
    /// <param name="dataName">What errors call the data set, capitalised (e.g. "The training data").</param>
    /// <param name="rowIndex">The row's index, for errors.</param>
    /// <param name="columnName">The feature column, for errors.</param>
    public static void CopyDense(in VBuffer<float> source, Span<float> row, string dataName, long rowIndex, string columnName)
    {
        if (source.Length != row.Length)
        {
            throw new InvalidOperationException(
                $"{dataName}, row {rowIndex}: column '{columnName}' has {source.Length} values, expected {row.Length}.");
        }

        // One pass: each value is checked as it is copied (a sparse vector's implicit zeros need no check).
        ReadOnlySpan<float> values = source.GetValues();
        if (source.IsDense)
        {
            for (int i = 0; i < row.Length; i++)
            {
                float v = values[i];
                if (!float.IsFinite(v))
                {
                    throw NotFinite(dataName, rowIndex, columnName, i, v);
                }

                row[i] = v;
            }
        }
        else
        {
            row.Clear();
            ReadOnlySpan<int> indices = source.GetIndices();
            for (int i = 0; i < indices.Length; i++)
            {
                float v = values[i];
                if (!float.IsFinite(v))
                {
                    throw NotFinite(dataName, rowIndex, columnName, indices[i], v);
                }

                row[indices[i]] = v;
            }
        }
    }

    private static InvalidOperationException NotFinite(string dataName, long rowIndex, string columnName, int slot, float value) =>
        new($"{dataName}, row {rowIndex}: column '{columnName}' slot {slot} is {value}; features must be finite numbers.");
}
