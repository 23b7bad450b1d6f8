using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// Trains a multilayer perceptron classifier inside an ML.NET pipeline:
/// <code>
/// var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
///     .Append(new MlpTrainer(ml, new MlpTrainerOptions { HiddenLayers = [300, 100] }))
///     .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
/// </code>
/// Input: a key-typed label column and a known-size <c>Vector&lt;Single&gt;</c> feature column. Output
/// (<see cref="MlpTransformer"/>): <c>Score</c>, the class probabilities, and <c>PredictedLabel</c>, a key of the
/// label's type, so <c>MulticlassClassification.Evaluate</c> and <c>MapKeyToValue</c> work as with built-in trainers.
/// </summary>
public sealed class MlpTrainer : MlpTrainerBase<MlpTrainerOptions>
{
    /// <summary>Name of the probability column the trainer's model adds.</summary>
    public const string ScoreColumnName = "Score";

    /// <summary>Name of the predicted-class column the trainer's model adds.</summary>
    public const string PredictedLabelColumnName = "PredictedLabel";

    /// <summary>Creates the trainer; the options are validated now (errors name the option).</summary>
    public MlpTrainer(MLContext mlContext, MlpTrainerOptions? options = null)
        : this((IHostEnvironment)mlContext, options)
    {
    }

    /// <summary>Creates the trainer on an ML.NET environment (the catalog entry point, <see cref="MlpCatalog"/>).</summary>
    internal MlpTrainer(IHostEnvironment environment, MlpTrainerOptions? options)
        : base(environment, options, nameof(MlpTrainer))
    {
    }

    /// <summary>The label must be a key; the model adds <c>Score</c> (vector of Single) and <c>PredictedLabel</c> (the label's key type and key values).</summary>
    private protected override SchemaShape OutputSchema(SchemaShape inputSchema, SchemaShape.Column label)
    {
        if (!label.IsKey)
        {
            throw new ArgumentException(
                $"Label column '{label.Name}' must be a key type; it is {label.ItemType}. " +
                $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\") before the trainer.");
        }

        // SchemaShape.Column has no public constructor: copies of the features (a vector of Single) and of the label (its key type) describe them.
        SchemaShape withScore = TrainerCore.WithCopy(inputSchema, ScoreColumnName, Options.FeatureColumnName);
        return TrainerCore.WithCopy(withScore, PredictedLabelColumnName, Options.LabelColumnName);
    }

    /// <summary>Reads the key label (at least 2 classes), trains with softmax cross-entropy, keeps the label's key values.</summary>
    private protected override MlpTransformer Fit(IDataView input, DataViewSchema.Column featureColumn, int featureCount)
    {
        (DataViewSchema.Column labelColumn, KeyDataViewType labelType) = ColumnChecks.RequireLabel(input.Schema, Options.LabelColumnName);
        if (labelType.Count < 2)
        {
            // MapValueToKey fitted on no rows gives a key type of one value: say what is really wrong.
            throw TrainerCore.IsEmpty(input)
                ? new InvalidOperationException("The training data has no rows.")
                : new ArgumentException($"Label column '{labelColumn.Name}' has {labelType.Count} class; a classifier needs at least 2.");
        }

        int classes = (int)labelType.Count;
        LabelKeys? labelKeys = LabelKeys.Of(labelColumn);
        (Matrix x, int[] y) = TrainingSetReader.Read(
            input, featureColumn, new ClassKeyTargets(labelColumn, classes, null), featureCount, "the training data", Options.CancellationToken);
        Func<DataViewSchema, string, ITargetColumn<int>> heldOutTargets = (schema, name) => HeldOutTargets(schema, name, labelType, labelKeys);
        ((Matrix, int[])? validation, (Matrix, int[])? monitor) = TrainerCore.ReadHeldOut(Options, featureCount, heldOutTargets);
        (MlpNetwork network, TrainingResult result) = TrainerCore.Train(Host, Options, x, y, validation, monitor, SoftmaxCrossEntropyLoss.Instance, classes);
        var model = new MlpModelParameters(
            MlpTask.MulticlassClassification, network.Parameters, Options.Activation, result.History, result.StopReason, result.WeightsEpoch);
        return new MlpTransformer(model, Options.FeatureColumnName, labelKeys);
    }

    /// <summary>The label of the held-out set <paramref name="name"/>, keyed to the training classes.</summary>
    private ClassKeyTargets HeldOutTargets(DataViewSchema schema, string name, KeyDataViewType trainingType, LabelKeys? trainingKeys)
    {
        (DataViewSchema.Column label, KeyDataViewType type) = ColumnChecks.RequireLabel(schema, Options.LabelColumnName);
        return new ClassKeyTargets(label, (int)type.Count, ClassOfHeldOutKey(name, trainingType, trainingKeys, label));
    }

    /// <summary>
    /// Maps each key of the held-out set <paramref name="name"/>'s label to the training class with the same value (its
    /// <c>KeyValues</c> annotation), so validation data keyed by its own <c>MapValueToKey</c> (classes numbered in its own order) is
    /// scored against the right classes; null when the keys already agree. Without key values on both sides the keys
    /// can only be taken as they are, and their counts must match.
    /// </summary>
    private static int[]? ClassOfHeldOutKey(string name, KeyDataViewType trainingType, LabelKeys? trainingKeys, DataViewSchema.Column validationLabel)
    {
        var validationType = (KeyDataViewType)validationLabel.Type;
        if (trainingKeys is not { } training || LabelKeys.Of(validationLabel) is not { } validation)
        {
            if (trainingType.Count != validationType.Count)
            {
                throw new ArgumentException(
                    $"{name} has {validationType.Count} classes and the training data {trainingType.Count}, and without key values on both label columns they cannot be matched. " +
                    "Transform it with the same fitted pipeline as the training data.");
            }

            return null;
        }

        if (training.ItemType != validation.ItemType)
        {
            throw new ArgumentException(
                $"{name}'s label values are {validation.ItemType} but the training data's are {training.ItemType}. Transform it with the same fitted pipeline as the training data.");
        }

        if (training.Text.AsSpan().SequenceEqual(validation.Text))
        {
            return null;
        }

        var classOf = new Dictionary<string, int>(training.Text.Length, StringComparer.Ordinal);
        for (int c = 0; c < training.Text.Length; c++)
        {
            classOf.TryAdd(training.Text[c], c);
        }

        return [.. validation.Text.Select(v => classOf.GetValueOrDefault(v, -1))];
    }

}
