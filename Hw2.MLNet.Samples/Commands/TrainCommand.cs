using System.CommandLine;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>train</c>: one training run (hw2_training.py) with per-epoch loss and train/test accuracy as CSV and two plots.</summary>
internal static class TrainCommand
{
    public static Command Create(CancellationToken cancellation)
    {
        var args = new HomeworkArguments();
        var command = new Command("train", "Train one network and record loss and train/test accuracy per epoch (the homework's training curves): a CSV and two PNG plots.");
        args.AddTo(command);
        command.SetAction(parse => Run(args.GetSettings(parse), args.GetDataset(parse), parse.GetValue(args.DataFolder)!, parse.GetValue(args.Out)!, args.GetVerbosity(parse), cancellation));
        return command;
    }

    private static int Run(TrainingSettings settings, Data.ImageDataset dataset, DirectoryInfo dataFolder, DirectoryInfo outFolder, Verbosity verbosity, CancellationToken cancellation)
    {
        var ml = new MLContext(seed: settings.Seed);
        using var outputs = new OutputSet(outFolder.FullName, cancellation);
        TrainingCurve curve = ConsoleProgress.Run(ml, verbosity, board =>
        {
            ExperimentData data = ExperimentData.Open(ml, dataset, dataFolder, settings.Scale, board.Log);
            board.Log($"Training {settings.Describe()} on {dataset.Name}.");
            return TrainingExperiment.Run(ml, data, settings, board, $"train {settings.NetworkName} ({TrainingSettings.EngineName(settings.Engine)})", cancellation);
        });

        string stem = $"training-{settings.Engine.ToString().ToLowerInvariant()}-{settings.NetworkName}";
        string csv = outputs.WriteText(stem + ".csv", curve.ToCsv());
        if (curve.History.Count == 0)
        {
            outputs.Commit();
            Console.Error.WriteLine($"Training finished no epoch: {curve.Failure}");
            return 1;
        }

        (string loss, string accuracy) = Figures.TrainingCurves(curve, outputs, stem);
        outputs.Commit();
        Console.WriteLine($"Final after {curve.History.Count} epochs: loss {Numbers.Loss(curve.Last.Loss)}, train {Numbers.Percent(curve.Last.TrainAccuracy)}, test {Numbers.Percent(curve.Last.ValidationAccuracy ?? double.NaN)} ({Numbers.Seconds(curve.Elapsed)}).");
        if (curve.Failure is not null)
        {
            Console.Error.WriteLine($"Training stopped: {curve.Failure}");
        }

        Console.WriteLine($"Per-epoch figures: {Path.Combine(outputs.Folder, csv)}; plots: {loss}, {accuracy} in {outputs.Folder}");
        return curve.Failure is null ? 0 : 1;
    }
}
