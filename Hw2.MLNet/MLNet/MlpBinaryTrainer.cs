using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// Trains a multilayer perceptron binary classifier inside an ML.NET pipeline:
/// <code>
/// var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
///     .Append(new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { HiddenLayers = [100] }));
/// </code>
/// Input: a <see cref="bool"/> label column and a known-size <c>Vector&lt;Single&gt;</c> feature column. The network
/// has one output, the logit, trained with the logistic loss (<c>BCEWithLogitsLoss</c> in PyTorch). Output
/// (<see cref="MlpTransformer"/>): <c>Score</c> (Single, the logit), <c>Probability</c> (Single, its sigmoid) and
/// <c>PredictedLabel</c> (Boolean, probability ≥ 0.5), so <c>BinaryClassification.Evaluate</c>,
/// <c>CrossValidate</c> and <c>PermutationFeatureImportance</c> work as with built-in trainers.
/// </summary>
public sealed class MlpBinaryTrainer : IEstimator<MlpTransformer>
{
    /// <summary>Name of the probability column the trainer's model adds.</summary>
    public const string ProbabilityColumnName = "Probability";

    private readonly MLContext context;
    private readonly IHost host;
    private readonly MlpBinaryTrainerOptions options;

    /// <summary>Creates the trainer; the options are validated now (errors name the option).</summary>
    public MlpBinaryTrainer(MLContext mlContext, MlpBinaryTrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        this.options = options ?? new MlpBinaryTrainerOptions();
        this.options.Validate();
        context = mlContext;
        host = ((IHostEnvironment)mlContext).Register(nameof(MlpBinaryTrainer));
    }

    /// <summary>The output shape: the input plus <c>Score</c>, <c>Probability</c> (Single) and <c>PredictedLabel</c> (Boolean).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireFeatureShape(inputSchema, options.FeatureColumnName);
        SchemaShape.Column label = ColumnChecks.RequireShape(inputSchema, options.LabelColumnName, "Label");
        ColumnChecks.CheckBinaryLabel(label.Name, label.Kind != SchemaShape.Column.VectorKind.Scalar, label.IsKey, label.ItemType);
        return TrainerCore.WithColumns<BinaryOutputRow>(context, inputSchema);
    }

    /// <summary>
    /// Checks the schema, streams the rows once into a dense batch and trains. Progress goes to
    /// <see cref="MlpOptionsBase.Progress"/> and, as messages, to <c>MLContext.Log</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or the training rows are all of one class.</exception>
    public MlpTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        (DataViewSchema.Column featureColumn, int featureCount) = ColumnChecks.RequireFeatures(input.Schema, options.FeatureColumnName);
        DataViewSchema.Column labelColumn = ColumnChecks.RequireBooleanLabel(input.Schema, options.LabelColumnName);
        (Matrix x, int[] y) = TrainingSetReader.Read(input, featureColumn, new BooleanTargets(labelColumn), featureCount, "the training data", options.CancellationToken);
        int positives = y.Count(v => v == 1);
        if (positives == 0 || positives == y.Length)
        {
            throw new ArgumentException(
                $"Label column '{labelColumn.Name}' is {positives > 0} in all {y.Length} training rows; a binary classifier needs rows of both classes.");
        }

        (Matrix, int[])? validation = options.ValidationData is null
            ? null
            : TrainerCore.ReadValidation(options, featureCount, schema => new BooleanTargets(ColumnChecks.RequireBooleanLabel(schema, options.LabelColumnName)));
        (MlpNetwork network, TrainingResult result) = TrainerCore.Train(host, options, x, y, validation, LogisticLoss.Instance, outputs: 1);
        var model = new MlpModelParameters(
            MlpTask.BinaryClassification, network.Parameters, options.Activation, result.History, result.StopReason, result.WeightsEpoch);
        return new MlpTransformer(model, options.FeatureColumnName, null);
    }

    /// <summary>The columns the model adds, by name and type (for <see cref="GetOutputSchema"/>).</summary>
    internal sealed class BinaryOutputRow
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
