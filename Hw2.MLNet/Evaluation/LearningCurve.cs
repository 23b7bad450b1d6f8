using System.Diagnostics;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Evaluation;

/// <summary>
/// Accuracy against training-set size, as in the homework's learning curves: for each size n, a fresh
/// <see cref="MlpTrainer"/> is fitted on the first n training rows (or on n rows of a seeded shuffle), then ML.NET's
/// <c>MulticlassClassification.Evaluate</c> scores it on those n rows and on the test set.
/// </summary>
public static class LearningCurve
{
    /// <summary>Runs the sweep. Points are reported to <see cref="LearningCurveOptions.Progress"/> as they finish.</summary>
    /// <param name="mlContext">The context; its seed makes the curve repeatable when the trainer options leave the seed unset.</param>
    /// <param name="train">Training rows. A label column that is not a key is mapped with <c>MapValueToKey</c> fitted on all of them.</param>
    /// <param name="test">Test rows with the same columns.</param>
    /// <param name="trainerOptions">Trainer settings used for every size (early stopping included).</param>
    /// <param name="options">Sizes, sampling and progress.</param>
    public static LearningCurveResult Run(
        MLContext mlContext, IDataView train, IDataView test, MlpTrainerOptions trainerOptions, LearningCurveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(trainerOptions);
        options ??= new LearningCurveOptions();
        IReadOnlyList<int> sizes = options.Sizes ?? HomeworkProtocol.LearningCurveSizes;
        CheckSizes(sizes, train.GetRowCount());

        string label = trainerOptions.LabelColumnName;
        if (train.Schema.GetColumnOrNull(label) is { Type: not KeyDataViewType })
        {
            ITransformer keys = mlContext.Transforms.Conversion.MapValueToKey(label).Fit(train);
            train = keys.Transform(train);
            test = keys.Transform(test);
        }

        IDataView source = options.SampleRandomly
            ? mlContext.Data.ShuffleRows(train, options.Seed, shufflePoolSize: (int)Math.Min(int.MaxValue, train.GetRowCount() ?? 1_000_000), shuffleSource: false)
            : train;
        var points = new List<LearningCurvePoint>(sizes.Count);
        foreach (int size in sizes)
        {
            long start = Stopwatch.GetTimestamp();
            IDataView subset = mlContext.Data.TakeRows(source, size);
            MlpTransformer model = new MlpTrainer(mlContext, trainerOptions).Fit(subset);
            MulticlassClassificationMetrics trainMetrics = mlContext.MulticlassClassification.Evaluate(model.Transform(subset), label);
            MulticlassClassificationMetrics testMetrics = mlContext.MulticlassClassification.Evaluate(model.Transform(test), label);
            var point = new LearningCurvePoint(
                size,
                model.Model.History.Count,
                model.Model.StopReason,
                trainMetrics,
                testMetrics,
                Stopwatch.GetElapsedTime(start),
                TimeSpan.FromTicks(model.Model.History.Sum(e => e.Elapsed.Ticks)));
            points.Add(point);
            options.Progress?.Report(point);
        }

        return new LearningCurveResult(points);
    }

    private static void CheckSizes(IReadOnlyList<int> sizes, long? rows)
    {
        if (sizes.Count == 0)
        {
            throw new ArgumentException("Give at least one training-set size.", nameof(sizes));
        }

        for (int i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] <= 0 || (i > 0 && sizes[i] <= sizes[i - 1]))
            {
                throw new ArgumentException($"Sizes must be positive and increasing; size {i} is {sizes[i]}.", nameof(sizes));
            }

            if (rows is long n && sizes[i] > n)
            {
                throw new ArgumentException($"Size {sizes[i]} exceeds the {n} training rows.", nameof(sizes));
            }
        }
    }
}
