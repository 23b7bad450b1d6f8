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

        // A second cursor sees the same rows in the same order only when neither is shuffled: then score in blocks,
        // and the features are read by that cursor alone.
        bool inBlocks = scored && rand is null;
        DataViewRowCursor inputCursor = input.GetRowCursor(binding.InputColumnsFor(needed, scoresFromThisInput: !inBlocks), rand);
        DataViewRowCursor? lookahead = inBlocks ? input.GetRowCursor([binding.FeatureColumn]) : null;
        return new MlpScoredCursor(binding, inputCursor, scored, lookahead);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}
