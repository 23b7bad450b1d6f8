using System.Diagnostics;
using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Terminal;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>One network's learning curve through <see cref="LearningCurve.Run"/>, shown point by point on the board.</summary>
internal static class SweepExperiment
{
    /// <summary>The sweep's result and wall time.</summary>
    public static (LearningCurveResult Curve, TimeSpan Elapsed) Run(MLContext mlContext, ExperimentData data, SweepSettings settings, bool deep, IProgressBoard board, CancellationToken cancellation)
    {
        if (data.Scale != PixelScale.Raw)
        {
            throw new ArgumentException("The homework's learning curves train on raw pixels.", nameof(data));
        }

        long start = Stopwatch.GetTimestamp();
        string title = $"learning curve, {(deep ? "deep" : "shallow")}";
        IProgressLine line = board.Start(title, settings.Sizes.Count);
        int done = 0;
        var options = new LearningCurveOptions
        {
            Sizes = settings.Sizes,
            Progress = new CallbackProgress<LearningCurvePoint>(p => line.Update(
                ++done,
                string.Create(CultureInfo.InvariantCulture, $"n={p.TrainingSize}: train {p.Train.MicroAccuracy:P1}, test {p.Test.MicroAccuracy:P1}, {p.Epochs} epochs"))),
        };
        MlpTrainerOptions trainer = settings.ToTrainerOptions(deep);
        trainer.CancellationToken = cancellation;
        LearningCurveResult curve = LearningCurve.Run(mlContext, data.Train, data.Test, trainer, options);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        line.Finish(string.Create(CultureInfo.InvariantCulture, $"{curve.Count} sizes, {curve.Sum(p => p.Epochs)} epochs in {elapsed.TotalSeconds:F1} s"));
        return (curve, elapsed);
    }
}
