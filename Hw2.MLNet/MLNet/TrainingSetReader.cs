using Hw2.MLNet.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// Streams an <see cref="IDataView"/> once, through a cursor, into one dense float32 batch and class indices
/// (key − 1). Sparse vectors are densified; a missing label, an out-of-range key or a non-finite feature stops
/// with an error that names the row.
/// </summary>
internal static class TrainingSetReader
{
    public static (Matrix Features, int[] Labels) Read(
        IDataView data, DataViewSchema.Column features, DataViewSchema.Column label, int featureCount, int classCount, CancellationToken cancellationToken)
    {
        long? known = data.GetRowCount();
        int capacity = known is long n and > 0 and < int.MaxValue ? (int)n : 1024;
        float[] values = new float[checked(capacity * featureCount)];
        int[] labels = new int[capacity];
        int rows = 0;
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
                Array.Resize(ref labels, checked(rows * 2));
                Array.Resize(ref values, checked(labels.Length * featureCount));
            }

            ulong key = 0;
            getLabel(ref key);
            if (key == 0 || key > (ulong)classCount)
            {
                throw new InvalidOperationException(
                    $"Row {rows}: label column '{label.Name}' has key {key}, which is {(key == 0 ? "missing (the value was not in the key dictionary)" : $"outside 1..{classCount}")}.");
            }

            labels[rows] = (int)(key - 1);
            getFeatures(ref buffer);
            CopyDense(buffer, values.AsSpan(rows * featureCount, featureCount), rows, features.Name);
            rows++;
        }

        if (rows == 0)
        {
            throw new InvalidOperationException("The training data has no rows.");
        }

        return (new Matrix(rows, featureCount, values), rows == labels.Length ? labels : labels[..rows]);
    }

    /// <summary>Copies a (possibly sparse) feature vector into a dense row, rejecting NaN and infinity.</summary>
    public static void CopyDense(in VBuffer<float> source, Span<float> row, long rowIndex, string columnName)
    {
        if (source.Length != row.Length)
        {
            throw new InvalidOperationException(
                $"Row {rowIndex}: column '{columnName}' has {source.Length} values, expected {row.Length}.");
        }

        ReadOnlySpan<float> values = source.GetValues();
        if (source.IsDense)
        {
            values.CopyTo(row);
        }
        else
        {
            row.Clear();
            ReadOnlySpan<int> indices = source.GetIndices();
            for (int i = 0; i < indices.Length; i++)
            {
                row[indices[i]] = values[i];
            }
        }

        for (int i = 0; i < row.Length; i++)
        {
            if (!float.IsFinite(row[i]))
            {
                throw new InvalidOperationException(
                    $"Row {rowIndex}: column '{columnName}' slot {i} is {row[i]}; features must be finite numbers.");
            }
        }
    }

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
