using System.CommandLine;
using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>learning-curve</c>: the homework's deep vs. shallow sweep (hw2_learning_curves.py) as CSV and PNG plots.</summary>
internal static class LearningCurveCommand
{
    public static Command Create(CancellationToken cancellation)
    {
        var args = new SweepArguments();
        var command = new Command(
            "learning-curve",
            "Train and test accuracy against training-set size (250, 1250, ..., 9250; raw pixels, GD lr 1e-4, full batch, stop when |Δloss| < 0.005): CSV and plots per network, and an overlay.");
        args.AddTo(command);
        command.SetAction(parse =>
        {
            var settings = new SweepSettings(HomeworkProtocol.LearningCurveSizes, parse.GetValue(args.MaxEpochs), parse.GetValue(args.Implementation), parse.GetValue(args.Seed));
            NetworkChoice? only = parse.GetValue(args.Network);
            return Run(settings, only, args.GetDataset(parse), parse.GetValue(args.DataFolder)!, parse.GetValue(args.Out)!, args.GetVerbosity(parse), cancellation);
        });
        return command;
    }

    private static int Run(SweepSettings settings, NetworkChoice? only, ImageDataset dataset, DirectoryInfo dataFolder, DirectoryInfo outFolder, Verbosity verbosity, CancellationToken cancellation)
    {
        var ml = new MLContext(seed: settings.Seed);
        using var outputs = new OutputSet(outFolder.FullName, cancellation);
        bool[] networks = only is NetworkChoice n ? [n == NetworkChoice.Deep] : [true, false];
        var curves = ConsoleProgress.Run(ml, verbosity, board =>
        {
            ExperimentData data = ExperimentData.Open(ml, dataset, dataFolder, PixelScale.Raw, board.Log);
            return networks.Select(deep => (Deep: deep, SweepExperiment.Run(ml, data, settings, deep, board, cancellation).Curve)).ToList();
        });

        var written = new List<string>();
        foreach ((bool deep, LearningCurveResult curve) in curves)
        {
            string name = deep ? "deep" : "shallow";
            string csv = outputs.WriteText($"learning-curve-{name}.csv", curve.ToCsv());
            written.Add($"{name}: {Path.Combine(outputs.Folder, csv)}, {Path.Combine(outputs.Folder, Figures.LearningCurve(curve, deep, settings, outputs))}");
        }

        if (curves.Count == 2)
        {
            written.Add($"overlay: {Path.Combine(outputs.Folder, Figures.LearningCurveOverlay(curves[0].Curve, curves[1].Curve, settings, outputs))}");
        }

        outputs.Commit();
        written.ForEach(Console.WriteLine);
        return 0;
    }
}
