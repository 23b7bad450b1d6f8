using System.Diagnostics;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Samples.Tabular;

/// <summary>The table command's network settings; null keeps the trainer's default.</summary>
/// <param name="Task">Which trainer.</param>
/// <param name="Hidden">Hidden layer sizes.</param>
/// <param name="Epochs">Epochs.</param>
/// <param name="BatchSize">Rows per minibatch.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="Seed">Seed of the weights, the shuffles and the split.</param>
internal sealed record TabularSettings(TabularTask Task, int[]? Hidden = null, int? Epochs = null, int? BatchSize = null, float? LearningRate = null, int Seed = 1);

/// <summary>What one run measured: the task's metrics on the test rows (name, value), the per-epoch history, the fitted pipeline and the fit's wall time.</summary>
internal sealed record TabularResult(IReadOnlyList<(string Name, double Value)> Metrics, IReadOnlyList<EpochRecord> History, ITransformer Model, TimeSpan FitTime);

/// <summary>
/// Trains the task's MLP trainer on a table as an ML.NET user would: the features standardised on the training rows
/// (<c>NormalizeMeanVariance</c> with <c>fixZero: false</c>, i.e. scikit-learn's <c>StandardScaler</c>), the trainer,
/// and for classes <c>MapValueToKey</c> before it; then the task's evaluator on the test rows.
/// </summary>
internal static class TabularExperiment
{
    public static TabularResult Run(MLContext ml, IDataView train, IDataView test, TabularSettings settings, IProgress<EpochRecord>? progress = null, CancellationToken cancellation = default)
    {
        void Apply(MlpOptionsBase options)
        {
            options.HiddenLayers = settings.Hidden ?? options.HiddenLayers;
            options.MaxEpochs = settings.Epochs ?? options.MaxEpochs;
            options.BatchSize = settings.BatchSize ?? options.BatchSize;
            options.LearningRate = settings.LearningRate ?? options.LearningRate;
            options.Seed = settings.Seed;
            options.Progress = progress;
            options.CancellationToken = cancellation;
        }

        IEstimator<ITransformer> normalize = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false);
        IEstimator<ITransformer> pipeline = settings.Task switch
        {
            TabularTask.Binary => normalize.Append(new MlpBinaryTrainer(ml, With(new MlpBinaryTrainerOptions(), Apply))),
            TabularTask.Regression => normalize.Append(new MlpRegressionTrainer(ml, With(new MlpRegressionTrainerOptions(), Apply))),
            _ => normalize.Append(ml.Transforms.Conversion.MapValueToKey("Label")).Append(new MlpTrainer(ml, With(new MlpTrainerOptions(), Apply))),
        };

        long start = Stopwatch.GetTimestamp();
        ITransformer model = pipeline.Fit(train);
        TimeSpan fit = Stopwatch.GetElapsedTime(start);
        IDataView scored = model.Transform(test);
        IReadOnlyList<(string, double)> metrics = settings.Task switch
        {
            TabularTask.Binary => Binary(ml.BinaryClassification.Evaluate(scored)),
            TabularTask.Regression => Regression(ml.Regression.Evaluate(scored)),
            _ => Multiclass(ml.MulticlassClassification.Evaluate(scored)),
        };
        MlpTransformer mlp = model is IEnumerable<ITransformer> chain ? chain.OfType<MlpTransformer>().Single() : (MlpTransformer)model;
        return new TabularResult(metrics, mlp.Model.History, model, fit);
    }

    private static T With<T>(T options, Action<MlpOptionsBase> apply)
        where T : MlpOptionsBase
    {
        apply(options);
        return options;
    }

    private static (string, double)[] Binary(CalibratedBinaryClassificationMetrics m) =>
        [("Accuracy", m.Accuracy), ("AUC", m.AreaUnderRocCurve), ("AUPRC", m.AreaUnderPrecisionRecallCurve), ("F1", m.F1Score), ("LogLoss", m.LogLoss)];

    private static (string, double)[] Regression(RegressionMetrics m) =>
        [("R²", m.RSquared), ("MAE", m.MeanAbsoluteError), ("RMSE", m.RootMeanSquaredError)];

    private static (string, double)[] Multiclass(MulticlassClassificationMetrics m) =>
        [("MicroAccuracy", m.MicroAccuracy), ("MacroAccuracy", m.MacroAccuracy), ("LogLoss", m.LogLoss)];
}
