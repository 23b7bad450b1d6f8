using Hw2.MLNet.Network;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// A trained MLP as an ML.NET transformer, for every task (<see cref="MlpModelParameters.Task"/>).
/// <see cref="Transform"/> is lazy: it returns a view whose cursor scores a row only when a scored column is read.
/// The columns added:
/// <list type="bullet">
/// <item>multiclass: <c>Score</c>, the class probabilities (slot names from the label's key values), and
/// <c>PredictedLabel</c>, a key with the label's key values, so <c>MapKeyToValue</c> restores the original labels;</item>
/// <item>binary: <c>Score</c> (Single, the logit), <c>Probability</c> (Single, its sigmoid) and <c>PredictedLabel</c>
/// (Boolean, probability ≥ 0.5);</item>
/// <item>regression: <c>Score</c> (Single, the prediction in the label's units).</item>
/// </list>
/// Row-to-row mapping makes <c>CreatePredictionEngine</c> work.
/// </summary>
public sealed class MlpTransformer : ISingleFeaturePredictionTransformer<MlpModelParameters>
{
    internal MlpTransformer(MlpModelParameters model, string featureColumnName, LabelKeys? labelKeys)
    {
        Model = model;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, model.Shape.InputSize);
        LabelKeys = model.Task == MlpTask.MulticlassClassification && labelKeys is { } keys && keys.Text.Length == model.ClassCount ? keys : null;
        Columns = OutputColumns.For(this);
    }

    /// <summary>The learned network and its training history.</summary>
    public MlpModelParameters Model { get; }

    /// <summary>The feature column the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary><c>Vector&lt;Single, inputs&gt;</c>.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>Always true: the transformer maps rows one by one.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>A multiclass label's key values (null when the label had none, and for the other tasks).</summary>
    internal LabelKeys? LabelKeys { get; }

    /// <summary>The columns the task adds.</summary>
    internal OutputColumns Columns { get; }

    /// <summary>The input schema plus the task's scored columns.</summary>
    /// <exception cref="ArgumentException">The feature column is missing or its size differs from the trained model's.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequireFeatures(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        Columns.AddTo(builder);
        return builder.ToSchema();
    }

    /// <summary>A lazy view of <paramref name="input"/> with the scored columns added.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return UnwalkableView.Wrap(new MlpScoredDataView(new ScoringBinding(this, input.Schema), input));
    }

    /// <summary>A mapper that scores single rows (used by <c>CreatePredictionEngine</c>).</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new MlpRowMapper(new ScoringBinding(this, inputSchema));
    }

    /// <summary>Not supported: ML.NET cannot load a third-party transformer from its own model format.</summary>
    /// <exception cref="NotSupportedException">Always; use <see cref="MlpModelIO.Save"/> and <see cref="MlpModelIO.Load"/>.</exception>
    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new NotSupportedException(
        "mlContext.Model.Save cannot store an MlpTransformer, because ML.NET cannot load third-party transformers. " +
        "Use Hw2.MLNet.MlpModelIO.Save(mlContext, model, inputSchema, path) and MlpModelIO.Load(mlContext, path) instead.");

    internal DataViewSchema.Column RequireFeatures(DataViewSchema inputSchema)
    {
        (DataViewSchema.Column column, int size) = ColumnChecks.RequireFeatures(inputSchema, FeatureColumnName);
        if (size != Model.Shape.InputSize)
        {
            throw new ArgumentException(
                $"Feature column '{FeatureColumnName}' has {size} values but the model was trained on {Model.Shape.InputSize}.");
        }

        return column;
    }

    /// <summary>A network over the (shared, read-only) trained parameters with its own scratch buffers.</summary>
    internal MlpNetwork CreateScoringNetwork() => new(Model.Parameters, Model.Activation);
}
