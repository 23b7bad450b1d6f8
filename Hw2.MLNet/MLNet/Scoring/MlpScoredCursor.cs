using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>A cursor over the input that adds the scored columns, computing them only for rows (or blocks of rows) whose scores are read.</summary>
internal sealed class MlpScoredCursor : DataViewRowCursor
{
    private readonly ScoringBinding binding;
    private readonly DataViewRowCursor input;
    private readonly DataViewRowCursor? lookahead;

    /// <summary>Wraps <paramref name="input"/>; with a <paramref name="lookahead"/> cursor over the same rows, scores in blocks, else row by row (or not at all when <paramref name="scored"/> is false).</summary>
    public MlpScoredCursor(ScoringBinding binding, DataViewRowCursor input, bool scored, DataViewRowCursor? lookahead)
    {
        this.binding = binding;
        this.input = input;
        this.lookahead = lookahead;
        Scorer = !scored ? null : lookahead is null ? new RowScorer(binding, input) : new BlockScorer(binding, input, lookahead);
    }

    public override DataViewSchema Schema => binding.OutputSchema;

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    internal IRowScores? Scorer { get; }

    public override bool MoveNext() => input.MoveNext();

    public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        binding.IsScored(column) ? Scorer is not null : input.IsColumnActive(binding.InputSchema[column.Index]);

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => binding.GetGetter<TValue>(input, Scorer, column);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
            lookahead?.Dispose();
        }

        base.Dispose(disposing);
    }
}
