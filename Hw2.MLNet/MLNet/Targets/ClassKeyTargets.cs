using System.Globalization;
using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>
/// The multiclass label: a key, read as its class index (key − 1, or the training class a validation key maps to).
/// A missing key, a key outside the type's range, or one the training data never had is refused.
/// </summary>
/// <param name="column">The key-typed label column.</param>
/// <param name="classCount">Keys of its type.</param>
/// <param name="classOfKey">Maps key − 1 to the class index training uses, −1 for a key training never saw; null is the identity.</param>
internal sealed class ClassKeyTargets(DataViewSchema.Column column, int classCount, int[]? classOfKey) : ITargetColumn<int>
{
    /// <inheritdoc />
    public DataViewSchema.Column Column => column;

    /// <inheritdoc />
    public Func<long, int> Bind(DataViewRow row, string subject)
    {
        ValueGetter<ulong> getLabel = KeyGetter(row, column);
        ulong key = 0;
        return rowIndex =>
        {
            getLabel(ref key);
            if (key == 0 || key > (ulong)classCount)
            {
                throw new InvalidOperationException(
                    $"{subject}, row {rowIndex}: label column '{column.Name}' has key {key}, which is {(key == 0 ? "missing (the value was not in the key dictionary)" : $"outside 1..{classCount}")}.");
            }

            int classIndex = classOfKey is null ? (int)(key - 1) : classOfKey[key - 1];
            if (classIndex < 0)
            {
                throw new InvalidOperationException(
                    $"{subject}, row {rowIndex}: label '{KeyName(key)}' does not occur in the training data, so the model has no class for it.");
            }

            return classIndex;
        };
    }

    private string KeyName(ulong key) =>
        LabelKeys.Of(column) is { } keys && key <= (ulong)keys.Text.Length ? keys.Text[key - 1] : key.ToString(CultureInfo.InvariantCulture);

    /// <summary>A getter for a key column of any unsigned raw type, widened to <see cref="ulong"/>.</summary>
    private static ValueGetter<ulong> KeyGetter(DataViewRow row, DataViewSchema.Column column)
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
