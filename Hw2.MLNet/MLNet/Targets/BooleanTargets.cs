using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>The binary label: a <see cref="bool"/>, read as class 1 (true) or 0 (false).</summary>
/// <param name="column">The Boolean label column.</param>
internal sealed class BooleanTargets(DataViewSchema.Column column) : ITargetColumn<int>
{
    /// <inheritdoc />
    public DataViewSchema.Column Column => column;

    /// <inheritdoc />
    public Func<long, int> Bind(DataViewRow row, string subject)
    {
        ValueGetter<bool> getLabel = row.GetGetter<bool>(column);
        bool value = false;
        return _ =>
        {
            getLabel(ref value);
            return value ? 1 : 0;
        };
    }
}
