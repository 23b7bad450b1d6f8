using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>A cursor over the input that adds the scored columns, computing them only for rows whose scores are read.</summary>
internal sealed class MlpScoredCursor : DataViewRowCursor
{
    private readonly ScoringBinding binding;
    private readonly DataViewRowCursor input;

    public MlpScoredCursor(ScoringBinding binding, DataViewRowCursor input, bool scored)
    {
        this.binding = binding;
        this.input = input;
        Scorer = scored ? new RowScorer(binding, input) : null;
    }

    public override DataViewSchema Schema => binding.OutputSchema;

    public override long Position => input.Position;

    public override long Batch => input.Batch;

    internal RowScorer? Scorer { get; }

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
        }

        base.Dispose(disposing);
    }
}
