using System.Diagnostics;
using System.Numerics.Tensors;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using MathNet.Numerics.Random;

namespace Hw2.MLNet.Training;

/// <summary>
/// The epoch/batch loop of every task (the task is its <see cref="IOutputLoss{TTarget}"/>): for every batch,
/// augmentation and dropout masks (when set) → forward → loss → gradients (by the chosen engine) → weight decay → optimizer step → max-norm
/// constraint (when set); after
/// every epoch, validation, the history record and the early-stopping rule. A non-finite loss
/// or weight, or a loss past <see cref="TrainingOptions.DivergenceFactor"/> times the loss before the first update,
/// stops training with a <see cref="TrainingDivergedException"/>.
/// </summary>
internal static class TrainingLoop
{
    /// <summary>Added to the training seed to seed the dropout masks.</summary>
    private const int DropoutSeedOffset = 0x5EED;

    /// <summary>Added to the training seed to seed the augmentation.</summary>
    private const int AugmentationSeedOffset = 0xA06;

    /// <summary>Trains the multiclass <paramref name="network"/> in place on class indices (softmax cross-entropy).</summary>
    public static TrainingResult Train(
        MlpNetwork network,
        Matrix features,
        int[] labels,
        TrainingOptions options,
        IProgress<EpochRecord>? progress = null,
        CancellationToken cancellationToken = default) =>
        Train(network, features, labels, SoftmaxCrossEntropyLoss.Instance, options, null, null, progress, cancellationToken);

    /// <summary>Trains <paramref name="network"/> in place.</summary>
    /// <param name="network">The network to train; its parameters are updated.</param>
    /// <param name="features">
    /// N × inputs training rows. With <see cref="TrainingOptions.ValidationFraction"/> &gt; 0 its rows are rearranged
    /// in place (the training rows first, see <see cref="StratifiedSplit.PartitionInPlace"/>): pass a copy to keep them.
    /// </param>
    /// <param name="targets">N targets: class indices in [0, classes), or values for a regression.</param>
    /// <param name="loss">The output layer's loss, which says what the targets are.</param>
    /// <param name="options">Settings; validated first.</param>
    /// <param name="validation">An explicit validation set; takes precedence over <see cref="TrainingOptions.ValidationFraction"/>.</param>
    /// <param name="monitor">
    /// A set scored after every epoch for the history only (<see cref="EpochRecord.MonitorLoss"/>,
    /// <see cref="EpochRecord.MonitorAccuracy"/>): early stopping and the weights kept never see it, so it may be the test set.
    /// </param>
    /// <param name="progress">Receives every epoch's record as soon as the epoch ends.</param>
    /// <param name="cancellationToken">Checked before every batch.</param>
    public static TrainingResult Train<TTarget>(
        MlpNetwork network,
        Matrix features,
        TTarget[] targets,
        IOutputLoss<TTarget> loss,
        TrainingOptions options,
        (Matrix Features, TTarget[] Targets)? validation = null,
        (Matrix Features, TTarget[] Targets)? monitor = null,
        IProgress<EpochRecord>? progress = null,
        CancellationToken cancellationToken = default)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(validation is not null);
        if (features.Rows == 0)
        {
            throw new ArgumentException("The training set is empty.", nameof(features));
        }

        if (features.Cols != network.Shape.InputSize)
        {
            throw new ArgumentException($"The network takes {network.Shape.InputSize} features but the rows have {features.Cols}.", nameof(features));
        }

        options.Augmentation?.CheckFeatureCount(features.Cols);

        RequireOneTargetPerRow(validation, "validation", nameof(validation));
        RequireOneTargetPerRow(monitor, "monitored", nameof(monitor));

        (Matrix x, TTarget[] y, Matrix? validationX, TTarget[]? validationY) = SplitValidation(features, targets, loss, options, validation);
        IGradientEngine engine = IGradientEngine.Create(options.Engine, network);
        HiddenUnitActivity? activity = network.Activation == HiddenActivation.Relu && network.Shape.LayerCount > 1
            ? new HiddenUnitActivity(network.Shape)
            : null;
        IOptimizer optimizer = options.Optimizer ?? new GradientDescent();
        optimizer.Reset();
        var batcher = new MiniBatcher<TTarget>(x, y, options.BatchSize, options.Seed);
        var history = new List<EpochRecord>(Math.Min(options.MaxEpochs, 1024));
        IReadOnlyList<Parameter> parameters = network.Parameters.All;
        MlpParameters? best = null;
        var divergence = new DivergenceGuard(options.DivergenceFactor);
        // The masks' generator is the shuffle's seed moved to a stream of its own, so dropout does not change the batches.
        DropoutMasks? dropout = options.Dropout > 0f || options.InputDropout > 0f
            ? new DropoutMasks(network.Shape, options.InputDropout, options.Dropout, unchecked(options.Seed + DropoutSeedOffset))
            : null;
        // Augmentation draws from a stream of its own too, and writes into a buffer: the training rows stay as they are.
        var augmentationRandom = new Xoshiro256StarStar(unchecked(options.Seed + AugmentationSeedOffset), threadSafe: false);
        Matrix? augmented = null;
        MaxNormConstraint? maxNorm = float.IsPositiveInfinity(options.MaxNorm) ? null : new MaxNormConstraint(network.Shape, options.MaxNorm);
        StopReason reason = StopReason.MaxEpochs;
        for (int epoch = 1; epoch <= options.MaxEpochs; epoch++)
        {
            long start = Stopwatch.GetTimestamp();
            float learningRate = options.Schedule?.RateAt(epoch, options.LearningRate) ?? options.LearningRate;

            activity?.Reset();
            batcher.Shuffle();
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batcher.BatchCount; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Batch<TTarget> batch = batcher.GetBatch(b);
                Matrix input = batch.Features;
                if (options.Augmentation is Augmentation augmentation)
                {
                    augmented = augmented?.Rows == input.Rows ? augmented : new Matrix(input.Rows, input.Cols);
                    augmentation.Apply(input, augmented, augmentationRandom);
                    input = augmented;
                }

                dropout?.Draw(input.Rows);
                LossResult result = engine.ComputeGradients<TTarget>(input, batch.Targets, loss, dropout);
                activity?.Observe(engine.HiddenOutputs);
                divergence.Check(result.Loss, epoch, b + 1, learningRate);

                ApplyWeightDecay(network.Parameters, options.WeightDecay);
                optimizer.Step(parameters, learningRate);
                maxNorm?.Apply(network.Parameters);
                lossSum += (double)result.Loss * batch.Features.Rows;
                correct += result.Correct;
            }

            divergence.CheckParameters(network.Parameters, epoch, batcher.BatchCount, learningRate);

            (double Loss, double Accuracy)? validated = validationX is null ? null : network.Evaluate<TTarget>(validationX, validationY, loss);
            (double Loss, double Accuracy)? monitored = monitor is { } m ? network.Evaluate<TTarget>(m.Features, m.Targets, loss) : null;
            var record = new EpochRecord(
                epoch,
                lossSum / x.Rows,
                loss.CountsCorrect ? (double)correct / x.Rows : double.NaN,
                learningRate,
                Stopwatch.GetElapsedTime(start),
                validated?.Loss,
                loss.CountsCorrect ? validated?.Accuracy : null,
                activity?.DeadFractions(),
                monitored?.Loss,
                loss.CountsCorrect ? monitored?.Accuracy : null);
            history.Add(record);
            progress?.Report(record);

            if (options.EarlyStopping is EarlyStopping rule)
            {
                if (rule.BestEpoch(history) == epoch)
                {
                    best ??= new MlpParameters(network.Shape);
                    best.CopyValuesFrom(network.Parameters);
                }

                if (rule.ShouldStop(history))
                {
                    reason = rule.Reason;
                    break;
                }
            }
        }

        int weightsEpoch = history.Count;
        if (options.EarlyStopping?.BestEpoch(history) is int bestEpoch && bestEpoch != weightsEpoch && best is not null)
        {
            network.Parameters.CopyValuesFrom(best);
            weightsEpoch = bestEpoch;
        }

        return new TrainingResult(history, reason, weightsEpoch);
    }

    private static void RequireOneTargetPerRow<TTarget>((Matrix Features, TTarget[] Targets)? set, string kind, string paramName)
    {
        if (set is { } given && given.Features.Rows != given.Targets.Length)
        {
            throw new ArgumentException($"The {kind} set has {given.Features.Rows} rows and {given.Targets.Length} targets; it needs one per row.", paramName);
        }
    }

    private static (Matrix X, TTarget[] Y, Matrix? ValidationX, TTarget[]? ValidationY) SplitValidation<TTarget>(
        Matrix features, TTarget[] targets, IOutputLoss<TTarget> loss, TrainingOptions options, (Matrix Features, TTarget[] Targets)? validation)
        where TTarget : unmanaged
    {
        if (validation is { } given)
        {
            return (features, targets, given.Features, given.Targets);
        }

        if (options.ValidationFraction <= 0)
        {
            return (features, targets, null, null);
        }

        int[] strata = new int[targets.Length];
        for (int i = 0; i < strata.Length; i++)
        {
            strata[i] = loss.Stratum(targets[i]);
        }

        (int[] trainRows, int[] validationRows) = StratifiedSplit.Indices(strata, options.ValidationFraction, options.Seed);
        return StratifiedSplit.PartitionInPlace(features, targets, trainRows, validationRows);
    }

    /// <summary>
    /// Coupled L2: adds <c>λ·W</c> to each weight gradient of the mean batch loss, i.e. the penalty <c>(λ/2)·‖W‖²</c>
    /// (PyTorch's <c>weight_decay</c> with SGD or Adam, but biases are left alone, as scikit-learn does).
    /// </summary>
    private static void ApplyWeightDecay(MlpParameters parameters, float weightDecay)
    {
        if (weightDecay == 0f)
        {
            return;
        }

        foreach (Parameter w in parameters.Weights)
        {
            TensorPrimitives.MultiplyAdd(w.Value.Span, weightDecay, w.Gradient.Span, w.Gradient.Span);
        }
    }
}
