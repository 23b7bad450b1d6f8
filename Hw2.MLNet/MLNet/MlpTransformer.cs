using Hw2.MLNet.Network;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// A trained MLP as an ML.NET transformer. <see cref="Transform"/> is lazy: it returns a view whose cursor scores a
/// row only when its <c>Score</c> or <c>PredictedLabel</c> is read. <c>Score</c> holds the class probabilities
/// (slot names from the label's key values); <c>PredictedLabel</c> is a key with the label's key values, so
/// <c>MapKeyToValue</c> restores the original labels. Row-to-row mapping makes <c>CreatePredictionEngine</c> work.
/// </summary>
public sealed class MlpTransformer : ISingleFeaturePredictionTransformer<MlpModelParameters>
{
    private readonly DataViewSchema.Annotations scoreAnnotations;
    private readonly DataViewSchema.Annotations predictedLabelAnnotations;

    internal MlpTransformer(MlpModelParameters model, string featureColumnName, LabelKeys? labelKeys)
    {
        Model = model;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, model.Shape.InputSize);
        ScoreType = new VectorDataViewType(NumberDataViewType.Single, model.ClassCount);
        PredictedLabelType = new KeyDataViewType(typeof(uint), model.ClassCount);
        LabelKeys = labelKeys is { } keys && keys.Text.Length == model.ClassCount ? keys : null;
        string[] slotNames = LabelKeys?.Text ?? [.. Enumerable.Range(0, model.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        scoreAnnotations = Hw2.MLNet.LabelKeys.SlotNames(slotNames);
        predictedLabelAnnotations = LabelKeys?.Annotation ?? new DataViewSchema.Annotations.Builder().ToAnnotations();
    }

    /// <summary>The learned network and its training history.</summary>
    public MlpModelParameters Model { get; }

    /// <summary>The feature column the model reads.</summary>
    public string FeatureColumnName { get; }

    /// <summary><c>Vector&lt;Single, inputs&gt;</c>.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>Always true: the transformer maps rows one by one.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The label's key values (null when the label had none).</summary>
    internal LabelKeys? LabelKeys { get; }

    internal VectorDataViewType ScoreType { get; }

    internal KeyDataViewType PredictedLabelType { get; }

    /// <summary>The input schema plus <c>Score</c> and <c>PredictedLabel</c>.</summary>
    /// <exception cref="ArgumentException">The feature column is missing or its size differs from the trained model's.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        RequireFeatures(inputSchema);
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(MlpTrainer.ScoreColumnName, ScoreType, scoreAnnotations);
        builder.AddColumn(MlpTrainer.PredictedLabelColumnName, PredictedLabelType, predictedLabelAnnotations);
        return builder.ToSchema();
    }

    /// <summary>A lazy view of <paramref name="input"/> with the two scored columns added.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new MlpScoredDataView(new ScoringBinding(this, input.Schema), input);
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
