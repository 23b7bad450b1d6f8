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
public sealed class MlpBinaryTrainer : MlpTrainerBase<MlpBinaryTrainerOptions>
{
    /// <summary>Name of the probability column the trainer's model adds.</summary>
    public const string ProbabilityColumnName = "Probability";

    /// <summary>Creates the trainer; the options are validated now (errors name the option).</summary>
    public MlpBinaryTrainer(MLContext mlContext, MlpBinaryTrainerOptions? options = null)
        : this((IHostEnvironment)mlContext, options)
    {
    }

    /// <summary>Creates the trainer on an ML.NET environment (the catalog entry point, <see cref="MlpCatalog"/>).</summary>
    internal MlpBinaryTrainer(IHostEnvironment environment, MlpBinaryTrainerOptions? options)
        : base(environment, options, nameof(MlpBinaryTrainer))
    {
    }

    /// <summary>The label must be Boolean; the model adds <c>Score</c>, <c>Probability</c> (Single) and <c>PredictedLabel</c> (Boolean).</summary>
    private protected override SchemaShape OutputSchema(SchemaShape inputSchema, SchemaShape.Column label)
    {
        ColumnChecks.CheckBinaryLabel(label.Name, label.Kind != SchemaShape.Column.VectorKind.Scalar, label.IsKey, label.ItemType);
        return TrainerCore.WithColumns<BinaryOutputRow>(inputSchema);
    }

    /// <summary>Reads the Boolean label (both classes present) and trains with the logistic loss.</summary>
    private protected override MlpTransformer Fit(IDataView input, DataViewSchema.Column featureColumn, int featureCount)
    {
        DataViewSchema.Column labelColumn = ColumnChecks.RequireBooleanLabel(input.Schema, Options.LabelColumnName);
        (Matrix x, int[] y) = TrainingSetReader.Read(input, featureColumn, new BooleanTargets(labelColumn), featureCount, "the training data", Options.CancellationToken);
        int positives = y.Count(v => v == 1);
        if (positives == 0 || positives == y.Length)
        {
            throw new ArgumentException(
                $"Label column '{labelColumn.Name}' is {positives > 0} in all {y.Length} training rows; a binary classifier needs rows of both classes.");
        }

        Func<DataViewSchema, string, ITargetColumn<int>> heldOutTargets = (schema, _) => new BooleanTargets(ColumnChecks.RequireBooleanLabel(schema, Options.LabelColumnName));
        ((Matrix, int[])? validation, (Matrix, int[])? monitor) = TrainerCore.ReadHeldOut(Options, featureCount, heldOutTargets);
        (MlpNetwork network, TrainingResult result) = TrainerCore.Train(Host, Options, x, y, validation, monitor, LogisticLoss.Instance, outputs: 1);
        var model = new MlpModelParameters(
            MlpTask.BinaryClassification, network.Parameters, Options.Activation, result.History, result.StopReason, result.WeightsEpoch);
        return new MlpTransformer(model, Options.FeatureColumnName, null);
    }

    /// <summary>The columns the model adds, by name and type (for <see cref="MlpTrainerBase{TOptions}.GetOutputSchema"/>).</summary>
    internal sealed class BinaryOutputRow
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
