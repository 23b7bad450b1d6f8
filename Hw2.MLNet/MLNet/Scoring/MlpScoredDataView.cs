using Microsoft.ML;

namespace Hw2.MLNet;

/// <summary>The lazy result of <see cref="MlpTransformer.Transform"/>: nothing is scored until a cursor reads a scored column.</summary>
internal sealed class MlpScoredDataView(ScoringBinding binding, IDataView input) : IDataView
{
    public bool CanShuffle => input.CanShuffle;

    public DataViewSchema Schema => binding.OutputSchema;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        ArgumentNullException.ThrowIfNull(columnsNeeded);
        DataViewSchema.Column[] needed = [.. columnsNeeded];
        bool scored = needed.Any(binding.IsScored);
        DataViewRowCursor inputCursor = input.GetRowCursor(binding.InputColumnsFor(needed), rand);
        return new MlpScoredCursor(binding, inputCursor, scored);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
