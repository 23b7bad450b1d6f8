using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>The regression label: a <see cref="float"/>, which must be finite (a NaN or infinite label is refused, naming the row).</summary>
/// <param name="column">The Single label column.</param>
internal sealed class SingleTargets(DataViewSchema.Column column) : ITargetColumn<float>
{
    /// <inheritdoc />
    public DataViewSchema.Column Column => column;

    /// <inheritdoc />
    public Func<long, float> Bind(DataViewRow row, string subject)
    {
        ValueGetter<float> getLabel = row.GetGetter<float>(column);
        float value = 0f;
        return rowIndex =>
        {
            getLabel(ref value);
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException(
                    $"{subject}, row {rowIndex}: label column '{column.Name}' is {value}; a regression needs a finite target. Filter such rows out first (e.g. mlContext.Data.FilterRowsByMissingValues).");
            }

            return value;
        };
    }
}
