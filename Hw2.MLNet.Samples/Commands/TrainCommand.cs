using System.CommandLine;
using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Plots;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Commands;

/// <summary><c>train</c>: the homework's training run (hw2_training.py): per-epoch loss and train/test accuracy, as a table and a CSV.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var args = new HomeworkArguments();
        var command = new Command("train", "Train one network and record loss and train/test accuracy per epoch (the homework's training curves).");
        args.AddTo(command);
        command.SetAction(parse => Run(
            parse.GetValue(args.DataFolder)!,
            new RunSettings(
                parse.GetValue(args.Implementation),
                parse.GetValue(args.Network) == NetworkChoice.Deep ? MlpShape.Deep : MlpShape.Shallow,
                parse.GetValue(args.MaxEpochs),
                parse.GetValue(args.MaxExamples),
                parse.GetValue(args.LearningRate),
                parse.GetValue(args.MinibatchSize),
                parse.GetValue(args.Seed),
                parse.GetValue(args.Scale),
                parse.GetValue(args.Optimizer)),
            parse.GetValue(args.Out)!,
            parse.GetValue(args.Verbose) || parse.GetValue(args.Debug),
            parse.GetValue(args.Debug)));
        return command;
    }

    private static int Run(DirectoryInfo dataFolder, RunSettings settings, DirectoryInfo outFolder, bool everyEpoch, bool debug)
    {
        string mnist = Path.Combine(dataFolder.FullName, "mnist");
        ImageDataset.Mnist.EnsurePresent(mnist, Console.WriteLine);
        (LabeledImages train, LabeledImages test) = ImageDataset.Mnist.Load(mnist, settings.Scale, settings.MaxExamples);
        Console.WriteLine($"Training {settings.Describe()} on {train.Count} images; testing on {test.Count}.");

        var network = MlpNetwork.CreateRandom(settings.Shape, settings.Seed);
        var rows = new List<string> { "epoch,loss,train_accuracy,test_accuracy,seconds" };
        var loss = new List<(double, double)>();
        var trainAccuracy = new List<(double, double)>();
        var testAccuracy = new List<(double, double)>();
        Console.WriteLine(" epoch |   loss | train acc | test acc");
        TrainingLoop.Train(network, train.Features, train.Labels, settings.ToTrainingOptions(), record =>
        {
            double testAcc = network.Accuracy(test.Features, test.Labels);
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"{record.Epoch},{record.Loss:G6},{record.TrainAccuracy:G6},{testAcc:G6},{record.Elapsed.TotalSeconds:G4}"));
            loss.Add((record.Epoch, record.Loss));
            trainAccuracy.Add((record.Epoch, record.TrainAccuracy));
            testAccuracy.Add((record.Epoch, testAcc));
            if (everyEpoch || record.Epoch % 10 == 0 || record.Epoch == settings.MaxEpochs || record.Epoch == 1)
            {
                string timing = debug ? $" | {record.Elapsed.TotalMilliseconds,7:F1} ms" : string.Empty;
                Console.WriteLine($" {record.Epoch,5} | {record.Loss,6:F3} | {record.TrainAccuracy,8:P1} | {testAcc,7:P1}{timing}");
            }
        });

        outFolder.Create();
        string stem = Path.Combine(outFolder.FullName, $"training-{settings.Engine.ToString().ToLowerInvariant()}-{(settings.Shape.LayerCount > 1 ? "deep" : "shallow")}");
        File.WriteAllLines(stem + ".csv", rows);
        string caption = settings.Describe() + $", {train.Count} training images";
        LinePlot.Save(stem + "-loss.png", $"Loss vs. epochs ({settings.Engine})", caption, "epoch", "mean cross-entropy", [new PlotSeries("training loss", loss)], legendAtTop: true);
        LinePlot.Save(
            stem + "-accuracy.png", $"Accuracy vs. epochs ({settings.Engine})", caption, "epoch", "accuracy",
            [new PlotSeries("train", trainAccuracy), new PlotSeries("test", testAccuracy)], percent: true);
        Console.WriteLine($"Final: train {network.Accuracy(train.Features, train.Labels):P1}, test {network.Accuracy(test.Features, test.Labels):P1}.");
        Console.WriteLine($"Per-epoch figures: {stem}.csv; plots: {stem}-loss.png, {stem}-accuracy.png");
        return 0;
    }
}

/// <summary>One training run's settings as the command line gives them.</summary>
internal sealed record RunSettings(
    GradientEngine Engine, MlpShape Shape, int MaxEpochs, int MaxExamples, float LearningRate, int BatchSize, int Seed, PixelScale Scale, OptimizerKind Optimizer)
{
    public TrainingOptions ToTrainingOptions() => new()
    {
        Engine = Engine,
        MaxEpochs = MaxEpochs,
        LearningRate = LearningRate,
        BatchSize = BatchSize,
        Seed = Seed,
        Optimizer = Optimizers.Optimizer.Create(Optimizer),
    };

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Shape} with {Engine}, {Optimizer} lr {LearningRate}, {(BatchSize <= 0 ? "full batch" : $"minibatch {BatchSize}")}, {MaxEpochs} epochs, {Scale} pixels, seed {Seed}");
}
