using System.Diagnostics;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Training;

/// <summary>
/// The epoch/batch loop: for every batch, forward → loss → gradients (by the chosen engine) → optimizer step.
/// A non-finite loss or weight stops training with a <see cref="TrainingDivergedException"/>.
/// </summary>
public static class TrainingLoop
{
    /// <summary>Trains <paramref name="network"/> in place and returns one record per epoch run.</summary>
    /// <param name="network">The network to train; its parameters are updated.</param>
    /// <param name="features">N × inputs training rows.</param>
    /// <param name="labels">N class indices in [0, classes).</param>
    /// <param name="options">Settings; validated first.</param>
    /// <param name="onEpoch">Called after every epoch with its record.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    public static IReadOnlyList<EpochRecord> Train(
        MlpNetwork network,
        Matrix features,
        int[] labels,
        TrainingOptions options,
        Action<EpochRecord>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (features.Rows == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(features));
        }

        if (features.Cols != network.Shape.InputSize)
        {
            throw new ArgumentException($"The network takes {network.Shape.InputSize} features but the rows have {features.Cols}.", nameof(features));
        }

        IGradientEngine engine = GradientEngines.Create(options.Engine, network);
        IOptimizer optimizer = options.Optimizer ?? new GradientDescent();
        optimizer.Reset();
        var batcher = new MiniBatcher(features, labels, options.BatchSize, options.Seed);
        var history = new List<EpochRecord>(options.MaxEpochs);
        IReadOnlyList<Parameter> parameters = network.Parameters.All;
        float learningRate = options.LearningRate;
        for (int epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            long start = Stopwatch.GetTimestamp();
            batcher.Shuffle();
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batcher.BatchCount; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Batch batch = batcher.GetBatch(b);
                var result = engine.ComputeGradients(batch.Features, batch.Labels);
                if (!float.IsFinite(result.Loss))
                {
                    throw new TrainingDivergedException(epoch, b + 1, learningRate, $"the loss is {result.Loss}");
                }

                optimizer.Step(parameters, learningRate);
                lossSum += (double)result.Loss * batch.Features.Rows;
                correct += result.Correct;
            }

            if (network.Parameters.FirstNonFinite() is string bad)
            {
                throw new TrainingDivergedException(epoch, batcher.BatchCount, learningRate, $"parameter {bad} is no longer finite");
            }

            var record = new EpochRecord(
                epoch, lossSum / features.Rows, (double)correct / features.Rows, learningRate, Stopwatch.GetElapsedTime(start));
            history.Add(record);
            onEpoch?.Invoke(record);
        }

        return history;
    }
}
