using System.Diagnostics;
using System.Globalization;
using Hw2.MLNet.Samples.Terminal;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>Trains one <see cref="MlpTrainer"/> with the test set as validation data, so every epoch records test loss and accuracy.</summary>
internal static class TrainingExperiment
{
    /// <summary>Runs <paramref name="settings"/> on <paramref name="data"/> (which must be at <see cref="TrainingSettings.Scale"/>).</summary>
    public static TrainingCurve Run(MLContext mlContext, ExperimentData data, TrainingSettings settings, IProgressBoard board, string title, CancellationToken cancellation)
    {
        if (data.Scale != settings.Scale)
        {
            throw new ArgumentException($"The run wants {settings.Scale} pixels but the data is {data.Scale}.", nameof(data));
        }

        long start = Stopwatch.GetTimestamp();
        IDataView train = mlContext.Data.TakeRows(data.Train, settings.MaxExamples);
        long trainRows = Math.Min(settings.MaxExamples, data.TrainRows);
        var history = new List<EpochRecord>(settings.MaxEpochs);
        IProgressLine line = board.Start(title, settings.MaxEpochs);
        MlpTrainerOptions options = settings.ToTrainerOptions();
        options.ValidationData = data.Test;
        options.CancellationToken = cancellation;
        options.Progress = new CallbackProgress<EpochRecord>(record =>
        {
            history.Add(record);
            line.Update(record.Epoch, Status(record));
        });
        string? failure = null;
        try
        {
            new MlpTrainer(mlContext, options).Fit(train);
        }
        catch (TrainingDivergedException e)
        {
            failure = e.Message;
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        line.Finish(failure is null && history.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Status(history[^1])} after {history.Count} epochs, {elapsed.TotalSeconds:F1} s")
            : $"diverged after {history.Count} epochs: {failure}");
        return new TrainingCurve(settings, trainRows, data.Test.GetRowCount() ?? 0, history, elapsed, failure);
    }

    private static string Status(EpochRecord r) =>
        string.Create(CultureInfo.InvariantCulture, $"loss {r.Loss:F3}, train {r.TrainAccuracy:P1}, test {r.ValidationAccuracy:P1}");
}
