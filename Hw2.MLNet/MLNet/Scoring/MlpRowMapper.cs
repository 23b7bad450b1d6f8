using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>Scores single rows for <c>CreatePredictionEngine</c> and for chains of row mappers.</summary>
internal sealed class MlpRowMapper(ScoringBinding binding) : IRowToRowMapper
{
    public DataViewSchema InputSchema => binding.InputSchema;

    public DataViewSchema OutputSchema => binding.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        binding.InputColumnsFor(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        return new MlpScoredRow(binding, input, activeColumns.Any(binding.IsScored));
    }

    /// <summary>One input row with the scored columns added.</summary>
    private sealed class MlpScoredRow(ScoringBinding binding, DataViewRow input, bool scored) : DataViewRow
    {
        private readonly RowScorer? scorer = scored ? new RowScorer(binding, input) : null;

        public override DataViewSchema Schema => binding.OutputSchema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            binding.IsScored(column) ? scorer is not null : input.IsColumnActive(binding.InputSchema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => binding.GetGetter<TValue>(input, scorer, column);
    }
}
