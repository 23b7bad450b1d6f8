using System.CommandLine;
using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>learning-curve</c>: the homework's deep vs. shallow sweep (hw2_learning_curves.py) as CSV and PNG plots.</summary>
internal static class LearningCurveCommand
{
    public static Command Create()
    {
        var args = new SweepArguments();
        var command = new Command(
            "learning-curve",
            "Train and test accuracy against training-set size (250, 1250, ..., 9250; raw pixels, GD lr 1e-4, full batch, stop when |Δloss| < 0.005): CSV and plots per network, and an overlay.");
        args.AddTo(command);
        command.SetAction(parse =>
        {
            var settings = new SweepSettings(LearningCurve.HomeworkSizes, parse.GetValue(args.MaxEpochs), parse.GetValue(args.Implementation), parse.GetValue(args.Seed));
            NetworkChoice? only = parse.GetValue(args.Network);
            return Run(settings, only, args.GetDataset(parse), parse.GetValue(args.DataFolder)!, parse.GetValue(args.Out)!, args.GetVerbosity(parse));
        });
        return command;
    }

    private static int Run(SweepSettings settings, NetworkChoice? only, ImageDataset dataset, DirectoryInfo dataFolder, DirectoryInfo outFolder, Verbosity verbosity)
    {
        var ml = new MLContext(seed: settings.Seed);
        outFolder.Create();
        string folder = outFolder.FullName;
        bool[] networks = only is NetworkChoice n ? [n == NetworkChoice.Deep] : [true, false];
        var curves = ConsoleProgress.Run(ml, verbosity, board =>
        {
            ExperimentData data = ExperimentData.Open(ml, dataset, dataFolder, PixelScale.Raw, board.Log);
            return networks.Select(deep => (Deep: deep, SweepExperiment.Run(ml, data, settings, deep, board).Curve)).ToList();
        });

        foreach ((bool deep, LearningCurveResult curve) in curves)
        {
            string name = deep ? "deep" : "shallow";
            curve.WriteCsv(Path.Combine(folder, $"learning-curve-{name}.csv"));
            string figure = Figures.LearningCurve(curve, deep, settings, folder);
            Console.WriteLine($"{name}: {Path.Combine(folder, $"learning-curve-{name}.csv")}, {Path.Combine(folder, figure)}");
        }

        if (curves.Count == 2)
        {
            Console.WriteLine($"overlay: {Path.Combine(folder, Figures.LearningCurveOverlay(curves[0].Curve, curves[1].Curve, settings, folder))}");
        }

        return 0;
    }
}
