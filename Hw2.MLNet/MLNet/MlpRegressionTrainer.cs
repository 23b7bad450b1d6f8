using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// Trains a multilayer perceptron regression inside an ML.NET pipeline:
/// <code>
/// var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
///     .Append(new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { HiddenLayers = [100] }));
/// </code>
/// Input: a <see cref="float"/> label column and a known-size <c>Vector&lt;Single&gt;</c> feature column. The network
/// has one linear output trained with half the squared error (or the Huber loss,
/// <see cref="MlpRegressionTrainerOptions.HuberDelta"/>) on the standardised label
/// (<see cref="MlpRegressionTrainerOptions.StandardizeLabel"/>). Output (<see cref="MlpTransformer"/>): <c>Score</c>
/// (Single, the prediction in the label's units), so <c>Regression.Evaluate</c>, <c>CrossValidate</c> and
/// <c>PermutationFeatureImportance</c> work as with built-in trainers.
/// </summary>
public sealed class MlpRegressionTrainer : IEstimator<MlpTransformer>
{
    private readonly MLContext context;
    private readonly IHost host;
    private readonly MlpRegressionTrainerOptions options;

    /// <summary>Creates the trainer; the options are validated now (errors name the option).</summary>
    public MlpRegressionTrainer(MLContext mlContext, MlpRegressionTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        this.options = options ?? new MlpRegressionTrainerOptions();
        this.options.Validate();
        context = mlContext;
        host = ((IHostEnvironment)mlContext).Register(nameof(MlpRegressionTrainer));
    }

    /// <summary>The output shape: the input plus <c>Score</c> (Single).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireFeatureShape(inputSchema, options.FeatureColumnName);
        SchemaShape.Column label = ColumnChecks.RequireShape(inputSchema, options.LabelColumnName, "Label");
        ColumnChecks.CheckRegressionLabel(label.Name, label.Kind != SchemaShape.Column.VectorKind.Scalar, label.IsKey, label.ItemType);
        return TrainerCore.WithColumns<RegressionOutputRow>(context, inputSchema);
    }

    /// <summary>
    /// Checks the schema, streams the rows once into a dense batch, standardises the label (unless told not to) and
    /// trains. Progress goes to <see cref="MlpOptionsBase.Progress"/> and, as messages, to <c>MLContext.Log</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the label is the same in every training row.</exception>
    /// <exception cref="InvalidOperationException">A label is NaN or infinite (the row is named).</exception>
    public MlpTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        (DataViewSchema.Column featureColumn, int featureCount) = ColumnChecks.RequireFeatures(input.Schema, options.FeatureColumnName);
        DataViewSchema.Column labelColumn = ColumnChecks.RequireSingleLabel(input.Schema, options.LabelColumnName);
        (Matrix x, float[] y) = TrainingSetReader.Read(input, featureColumn, new SingleTargets(labelColumn), featureCount, "the training data", options.CancellationToken);
        LabelStandardization standardization = LabelStandardization.Of(y, labelColumn.Name, options.StandardizeLabel);
        standardization.Apply(y);

        (Matrix, float[])? validation = null;
        if (options.ValidationData is not null)
        {
            (Matrix vx, float[] vy) = TrainerCore.ReadValidation(
                options, featureCount, schema => new SingleTargets(ColumnChecks.RequireSingleLabel(schema, options.LabelColumnName)));
            standardization.Apply(vy);
            validation = (vx, vy);
        }

        var loss = new RegressionLoss(options.HuberDelta);
        (MlpNetwork network, TrainingResult result) = TrainerCore.Train(host, options, x, y, validation, loss, outputs: 1);
        var model = new MlpModelParameters(
            MlpTask.Regression,
            network.Parameters,
            options.Activation,
            result.History,
            result.StopReason,
            result.WeightsEpoch,
            standardization.Scale,
            standardization.Offset);
        return new MlpTransformer(model, options.FeatureColumnName, null);
    }

    /// <summary>The columns the model adds, by name and type (for <see cref="GetOutputSchema"/>).</summary>
    internal sealed class RegressionOutputRow
    {
        public float Score { get; set; }
    }
}
