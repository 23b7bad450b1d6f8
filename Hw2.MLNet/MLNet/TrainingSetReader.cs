using System.Globalization;
using Hw2.MLNet.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Streams an <see cref="IDataView"/> once, through a cursor, into one dense float32 batch and class indices
/// (key − 1, or the training class a validation key maps to). Sparse vectors are densified; a missing label, an
/// out-of-range key, a non-finite feature or a damaged file stops with an error that names the data set and the row.
/// </summary>
internal static class TrainingSetReader
{
    /// <summary>Reads every row.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="features">The feature column (a known-size vector of Single).</param>
    /// <param name="label">The key-typed label column.</param>
    /// <param name="featureCount">Values per feature vector.</param>
    /// <param name="classCount">Keys of <paramref name="label"/>'s type.</param>
    /// <param name="dataName">What errors call the data, e.g. "the training data".</param>
    /// <param name="classOfKey">Maps key − 1 to the class index training uses, −1 for a key training never saw; null is the identity.</param>
    /// <param name="cancellationToken">Checked every 1024 rows.</param>
    public static (Matrix Features, int[] Labels) Read(
        IDataView data,
        DataViewSchema.Column features,
        DataViewSchema.Column label,
        int featureCount,
        int classCount,
        string dataName,
        int[]? classOfKey,
        CancellationToken cancellationToken)
    {
        long? known = data.GetRowCount();
        if (known is long total)
        {
            RequireFits(total, featureCount, dataName, total.ToString(CultureInfo.InvariantCulture));
        }

        int capacity = known is long n and > 0 ? (int)n : 1024;
        float[] values = new float[capacity * featureCount];
        int[] labels = new int[capacity];
        int rows = 0;
        string subject = Capitalized(dataName);
        try
        {
            using DataViewRowCursor cursor = data.GetRowCursor([features, label]);
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            ValueGetter<ulong> getLabel = KeyGetter(cursor, label);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                if ((rows & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (rows == labels.Length)
                {
                    RequireFits(rows + 1L, featureCount, dataName, "more than " + rows.ToString(CultureInfo.InvariantCulture));
                    int grown = (int)Math.Min((long)rows * 2, MaxRows(featureCount));
                    Array.Resize(ref labels, grown);
                    Array.Resize(ref values, grown * featureCount);
                }

                ulong key = 0;
                getLabel(ref key);
                if (key == 0 || key > (ulong)classCount)
                {
                    throw new InvalidOperationException(
                        $"{subject}, row {rows}: label column '{label.Name}' has key {key}, which is {(key == 0 ? "missing (the value was not in the key dictionary)" : $"outside 1..{classCount}")}.");
                }

                int classIndex = classOfKey is null ? (int)(key - 1) : classOfKey[key - 1];
                if (classIndex < 0)
                {
                    throw new InvalidOperationException(
                        $"{subject}, row {rows}: label '{KeyName(label, key)}' does not occur in the training data, so the model has no class for it.");
                }

                labels[rows] = classIndex;
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

        return (new Matrix(rows, featureCount, values), rows == labels.Length ? labels : labels[..rows]);
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

    private static string KeyName(DataViewSchema.Column label, ulong key) =>
        LabelKeys.Of(label) is { } keys && key <= (ulong)keys.Text.Length ? keys.Text[key - 1] : key.ToString(CultureInfo.InvariantCulture);

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

    /// <summary>A getter for a key column of any unsigned raw type, widened to <see cref="ulong"/>.</summary>
    public static ValueGetter<ulong> KeyGetter(DataViewRow row, DataViewSchema.Column column)
    {
        Type raw = column.Type.RawType;
        if (raw == typeof(uint))
        {
            ValueGetter<uint> g = row.GetGetter<uint>(column);
            uint v = 0;
            return (ref ulong dst) => { g(ref v); dst = v; };
        }

        if (raw == typeof(ulong))
        {
            return row.GetGetter<ulong>(column);
        }

        if (raw == typeof(ushort))
        {
            ValueGetter<ushort> g = row.GetGetter<ushort>(column);
            ushort v = 0;
            return (ref ulong dst) => { g(ref v); dst = v; };
        }

        if (raw == typeof(byte))
        {
            ValueGetter<byte> g = row.GetGetter<byte>(column);
            byte v = 0;
            return (ref ulong dst) => { g(ref v); dst = v; };
        }

        throw new NotSupportedException($"Key column '{column.Name}' has an unsupported raw type {raw.Name}.");
    }
}
