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
public sealed class MlpRegressionTrainer : MlpTrainerBase<MlpRegressionTrainerOptions>
{
    /// <summary>Creates the trainer; the options are validated now (errors name the option).</summary>
    public MlpRegressionTrainer(MLContext mlContext, MlpRegressionTrainerOptions? options = null)
        : this((IHostEnvironment)mlContext, options)
    {
    }

    /// <summary>Creates the trainer on an ML.NET environment (the catalog entry point, <see cref="MlpCatalog"/>).</summary>
    internal MlpRegressionTrainer(IHostEnvironment environment, MlpRegressionTrainerOptions? options)
        : base(environment, options, nameof(MlpRegressionTrainer))
    {
    }

    /// <summary>The label must be Single; the model adds <c>Score</c> (Single).</summary>
    private protected override SchemaShape OutputSchema(SchemaShape inputSchema, SchemaShape.Column label)
    {
        ColumnChecks.CheckRegressionLabel(label.Name, label.Kind != SchemaShape.Column.VectorKind.Scalar, label.IsKey, label.ItemType);
        return TrainerCore.WithColumns<RegressionOutputRow>(inputSchema);
    }

    /// <summary>Reads the Single label (finite, not constant), standardises it unless told not to, and trains with the squared error or Huber loss.</summary>
    private protected override MlpTransformer Fit(IDataView input, DataViewSchema.Column featureColumn, int featureCount)
    {
        DataViewSchema.Column labelColumn = ColumnChecks.RequireSingleLabel(input.Schema, Options.LabelColumnName);
        (Matrix x, float[] y) = TrainingSetReader.Read(input, featureColumn, new SingleTargets(labelColumn), featureCount, "the training data", Options.CancellationToken);
        LabelStandardization standardization = LabelStandardization.Of(y, labelColumn.Name, Options.StandardizeLabel);
        standardization.Apply(y);

        ((Matrix, float[] Targets)? validation, (Matrix, float[] Targets)? monitor) = TrainerCore.ReadHeldOut(
            Options, featureCount, (schema, _) => new SingleTargets(ColumnChecks.RequireSingleLabel(schema, Options.LabelColumnName)));
        foreach ((Matrix, float[] Targets)? heldOut in new[] { validation, monitor })
        {
            if (heldOut is { } set)
            {
                standardization.Apply(set.Targets);
            }
        }

        var loss = new RegressionLoss(Options.HuberDelta);
        (MlpNetwork network, TrainingResult result) = TrainerCore.Train(Host, Options, x, y, validation, monitor, loss, outputs: 1);
        var model = new MlpModelParameters(
            MlpTask.Regression,
            network.Parameters,
            Options.Activation,
            result.History,
            result.StopReason,
            result.WeightsEpoch,
            standardization.Scale,
            standardization.Offset);
        return new MlpTransformer(model, Options.FeatureColumnName, null);
    }

    /// <summary>The columns the model adds, by name and type (for <see cref="MlpTrainerBase{TOptions}.GetOutputSchema"/>).</summary>
    internal sealed class RegressionOutputRow
    {
        public float Score { get; set; }
    }
}
