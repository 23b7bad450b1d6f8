using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Hw2.MLNet;

/// <summary>
/// What the three trainers do alike once each has read its label: build the network for the task's outputs, train it
/// with the task's loss (progress to the options and to <c>MLContext.Log</c>), and read an explicit validation set
/// with the training data's checks. Each trainer keeps only what its task changes: the label's type and meaning.
/// </summary>
internal static class TrainerCore
{
    /// <summary>The estimators that describe output shapes come from a context of their own: describing a shape trains nothing and draws no random number.</summary>
    private static readonly MLContext Shapes = new(seed: 0);

    /// <summary>Trains a fresh network with <paramref name="outputs"/> outputs on the rows read.</summary>
    public static (MlpNetwork Network, TrainingResult Result) Train<TTarget>(
        IHost host,
        MlpOptionsBase options,
        Matrix features,
        TTarget[] targets,
        (Matrix Features, TTarget[] Targets)? validation,
        (Matrix Features, TTarget[] Targets)? monitor,
        IOutputLoss<TTarget> loss,
        int outputs)
        where TTarget : unmanaged
    {
        using IChannel channel = host.Start("Training");
        var shape = MlpShape.Create(features.Cols, options.HiddenLayers, outputs);
        int seed = options.Seed ?? host.Rand.Next();
        channel.Info(MessageSensitivity.None, "Training {0} ({1} parameters) on {2} rows with {3}, seed {4}.", shape, shape.ParameterCount, features.Rows, options.Engine, seed);

        var network = MlpNetwork.CreateRandom(shape, seed, options.Activation, options.Initialization);
        TrainingResult result = TrainingLoop.Train(
            network,
            features,
            targets,
            loss,
            options.ToTrainingOptions(seed, validation is not null),
            validation,
            monitor,
            new CallbackProgress<EpochRecord>(record =>
            {
                if (double.IsNaN(record.TrainAccuracy))
                {
                    channel.Info(MessageSensitivity.None, "Epoch {0}: loss {1:F4}, {2:F2} s.", record.Epoch, record.Loss, record.Elapsed.TotalSeconds);
                }
                else
                {
                    channel.Info(MessageSensitivity.None, "Epoch {0}: loss {1:F4}, training accuracy {2:P2}, {3:F2} s.", record.Epoch, record.Loss, record.TrainAccuracy, record.Elapsed.TotalSeconds);
                }
                options.Progress?.Report(record);
            }),
            options.CancellationToken);

        channel.Info(MessageSensitivity.None, "Stopped after {0} epochs ({1}); keeping the weights of epoch {2}.", result.EpochsRun, result.StopReason, result.WeightsEpoch);
        return (network, result);
    }

    /// <summary>
    /// Reads the held-out sets, <see cref="MlpOptionsBase.ValidationData"/> and <see cref="MlpOptionsBase.MonitorData"/>
    /// (each null when not given): the same feature column of the same size as the training data, and the label
    /// through <paramref name="targetOf"/> (which checks the label column's type; it gets the option's name for its
    /// messages).
    /// </summary>
    public static ((Matrix Features, TTarget[] Targets)? Validation, (Matrix Features, TTarget[] Targets)? Monitor) ReadHeldOut<TTarget>(
        MlpOptionsBase options, int featureCount, Func<DataViewSchema, string, ITargetColumn<TTarget>> targetOf)
        where TTarget : unmanaged =>
        (ReadHeldOut(options, options.ValidationData, nameof(MlpOptionsBase.ValidationData), featureCount, targetOf),
         ReadHeldOut(options, options.MonitorData, nameof(MlpOptionsBase.MonitorData), featureCount, targetOf));

    private static (Matrix Features, TTarget[] Targets)? ReadHeldOut<TTarget>(
        MlpOptionsBase options, IDataView? data, string name, int featureCount, Func<DataViewSchema, string, ITargetColumn<TTarget>> targetOf)
        where TTarget : unmanaged
    {
        if (data is null)
        {
            return null;
        }

        (DataViewSchema.Column features, int size) = ColumnChecks.RequireFeatures(data.Schema, options.FeatureColumnName);
        if (size != featureCount)
        {
            throw new ArgumentException(
                $"{name} has {size} features; the training data has {featureCount}. Transform it with the same fitted pipeline as the training data.");
        }

        return TrainingSetReader.Read(data, features, targetOf(data.Schema, name), featureCount, name, options.CancellationToken);
    }

    /// <summary>
    /// The input's shape plus one column per public property of <typeparamref name="TOutputRow"/> (replacing input
    /// columns of the same names). <c>SchemaShape.Column</c> has no public constructor, so a public estimator that
    /// adds exactly those columns, a custom mapping from no input columns, describes them.
    /// </summary>
    public static SchemaShape WithColumns<TOutputRow>(SchemaShape input)
        where TOutputRow : class, new() =>
        Shapes.Transforms.CustomMapping<NoColumns, TOutputRow>((_, _) => { }, contractName: null).GetOutputSchema(input);

    /// <summary>The input's shape plus a copy of column <paramref name="source"/> named <paramref name="name"/> (the same type and annotations).</summary>
    public static SchemaShape WithCopy(SchemaShape input, string name, string source) =>
        Shapes.Transforms.CopyColumns(name, source).GetOutputSchema(input);

    /// <summary>A row type without columns: the input of <see cref="WithColumns{TOutputRow}"/>'s mapping.</summary>
    internal sealed class NoColumns
    {
    }

    /// <summary>True when <paramref name="data"/> has no rows.</summary>
    public static bool IsEmpty(IDataView data)
    {
        if (data.GetRowCount() is long count)
        {
            return count == 0;
        }

        using DataViewRowCursor cursor = data.GetRowCursor([]);
        return !cursor.MoveNext();
    }
}
