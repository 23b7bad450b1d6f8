using System.Diagnostics;
using System.Globalization;
using Hw2.MLNet.Samples.Terminal;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>
/// Trains one <see cref="MlpTrainer"/> with the test set as <see cref="MlpOptionsBase.MonitorData"/> (a per-epoch
/// test curve that steers nothing) and evaluates the kept model on the test set once, after training.
/// </summary>
internal static class RecipeExperiment
{
    /// <summary>Trains with <paramref name="options"/> on <paramref name="train"/>; <paramref name="test"/> is logged per epoch and evaluated once at the end.</summary>
    public static RecipeRun Run(
        MLContext mlContext, IDataView train, IDataView test, MlpTrainerOptions options, string name, string settings, IProgressBoard board, CancellationToken cancellation)
    {
        var history = new List<EpochRecord>(options.MaxEpochs);
        IProgressLine line = board.Start(name, options.MaxEpochs);
        options.MonitorData = test;
        options.CancellationToken = cancellation;
        options.Progress = new CallbackProgress<EpochRecord>(record =>
        {
            history.Add(record);
            line.Update(record.Epoch, Status(record));
        });
        long start = Stopwatch.GetTimestamp();
        MlpTransformer model = new MlpTrainer(mlContext, options).Fit(train);
        TimeSpan training = Stopwatch.GetElapsedTime(start);
        double accuracy = mlContext.MulticlassClassification.Evaluate(model.Transform(test)).MicroAccuracy;
        line.Finish(string.Create(CultureInfo.InvariantCulture, $"test {accuracy:P2} with the weights of epoch {model.Model.WeightsEpoch}, {training.TotalSeconds:F0} s"));
        return new RecipeRun(name, settings, train.GetRowCount() ?? 0, history, model.Model.WeightsEpoch, accuracy, training);
    }

    private static string Status(EpochRecord r) => r.ValidationAccuracy is double validation
        ? string.Create(CultureInfo.InvariantCulture, $"loss {r.Loss:F3}, validation {validation:P2}, test {r.MonitorAccuracy:P2} (logged)")
        : string.Create(CultureInfo.InvariantCulture, $"loss {r.Loss:F3}, test {r.MonitorAccuracy:P2} (logged)");
}
