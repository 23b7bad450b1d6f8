using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet;

/// <summary>
/// How a transformer's output schema relates to one input schema: input columns keep their indices, then come the
/// task's scored columns (<see cref="OutputColumns"/>). Hands out the getters for rows and cursors alike.
/// </summary>
internal sealed class ScoringBinding
{
    public ScoringBinding(MlpTransformer transformer, DataViewSchema inputSchema)
    {
        Transformer = transformer;
        Columns = transformer.Columns;
        InputSchema = inputSchema;
        FeatureColumn = transformer.RequireFeatures(inputSchema);
        OutputSchema = transformer.GetOutputSchema(inputSchema);
    }

    public MlpTransformer Transformer { get; }

    public OutputColumns Columns { get; }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public DataViewSchema.Column FeatureColumn { get; }

    public bool IsScored(DataViewSchema.Column column) => column.Index >= InputSchema.Count;

    /// <summary>
    /// The input columns needed to produce <paramref name="outputColumns"/>; the feature column only when a scored
    /// column is asked for and <paramref name="scoresFromThisInput"/> (a block scorer reads features from its own cursor).
    /// </summary>
    public IEnumerable<DataViewSchema.Column> InputColumnsFor(IEnumerable<DataViewSchema.Column> outputColumns, bool scoresFromThisInput = true)
    {
        var needed = new List<DataViewSchema.Column>();
        bool scored = false;
        foreach (DataViewSchema.Column column in outputColumns)
        {
            if (IsScored(column))
            {
                scored = true;
            }
            else
            {
                needed.Add(InputSchema[column.Index]);
            }
        }

        if (scored && scoresFromThisInput)
        {
            needed.Add(FeatureColumn);
        }

        return needed.DistinctBy(c => c.Index);
    }

    /// <summary>A getter for <paramref name="column"/> of the output, reading from <paramref name="input"/>.</summary>
    public ValueGetter<TValue> GetGetter<TValue>(DataViewRow input, IRowScores? scorer, DataViewSchema.Column column)
    {
        if (!IsScored(column))
        {
            return input.GetGetter<TValue>(InputSchema[column.Index]);
        }

        if (scorer is null)
        {
            throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
        }

        Delegate getter = Columns.Getter(column.Index - InputSchema.Count, scorer);
        return getter as ValueGetter<TValue> ?? throw TypeMismatch<TValue>(column, getter.GetType().GetGenericArguments()[0]);
    }

    private static InvalidOperationException TypeMismatch<TValue>(DataViewSchema.Column column, Type expected) =>
        new($"Invalid TValue in GetGetter for column '{column.Name}': {typeof(TValue)}, expected {expected}.");
}
