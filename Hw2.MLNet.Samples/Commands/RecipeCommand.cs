using System.CommandLine;
using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary>
/// <c>recipe</c>: the homework's network and protocol, the best settings before dropout, and the accuracy recipe
/// (<see cref="AccuracyRecipe"/>) on one data set; a CSV per run, the test-error figure and a Markdown summary.
/// </summary>
internal static class RecipeCommand
{
    public static Command Create(CancellationToken cancellation)
    {
        var args = new RecipeArguments();
        var command = new Command(
            "recipe",
            "Train the homework's network, the best settings before dropout and the accuracy recipe ([1024, 1024], dropout, shifted images, chosen on a validation split), log their test error per epoch and measure each on the test set once: CSVs, a figure and recipe-DATASET.md.");
        args.AddTo(command);
        command.SetAction(parse => Run(
            args.GetDataset(parse), parse.GetValue(args.DataFolder)!, parse.GetValue(args.Out)!, parse.GetValue(args.Seed), parse.GetValue(args.MaxEpochs), args.GetVerbosity(parse), cancellation));
        return command;
    }

    private static int Run(ImageDataset dataset, DirectoryInfo dataFolder, DirectoryInfo outFolder, int seed, int epochs, Verbosity verbosity, CancellationToken cancellation)
    {
        var ml = new MLContext(seed: seed);
        using var outputs = new OutputSet(outFolder.FullName, cancellation);
        IReadOnlyList<RecipeRun> runs = ConsoleProgress.Run(ml, verbosity, board =>
        {
            string folder = ExperimentData.Obtain(dataset, dataFolder, board.Log);
            ExperimentData raw = ExperimentData.Load(ml, dataset, folder, PixelScale.Raw);
            ExperimentData unit = ExperimentData.Load(ml, dataset, folder, PixelScale.Unit);

            MlpTrainerOptions homework = HomeworkProtocol.Training(deep: true);
            MlpTrainerOptions before = AccuracyRecipe.PreviousBest();
            MlpTrainerOptions recipe = AccuracyRecipe.Options(dataset, epochs);
            homework.Seed = before.Seed = recipe.Seed = seed;
            IDataView homeworkRows = ml.Data.TakeRows(raw.Train, HomeworkProtocol.TrainingImages);
            return (IReadOnlyList<RecipeRun>)
            [
                RecipeExperiment.Run(ml, homeworkRows, raw.Test, homework, "homework", "[300, 100], raw pixels, GD 1e-4, full batch, 100 epochs", board, cancellation),
                RecipeExperiment.Run(ml, unit.Train, unit.Test, before, "before dropout", "[300, 100], pixels /255, Adam 1e-3, cosine decay, weight decay 1e-4, batch 128", board, cancellation),
                RecipeExperiment.Run(ml, unit.Train, unit.Test, recipe, "accuracy recipe", AccuracyRecipe.Describe(recipe), board, cancellation),
            ];
        });

        foreach (RecipeRun run in runs)
        {
            outputs.WriteText($"recipe-{dataset.Name}-{run.Name.Replace(' ', '-')}.csv", run.ToCsv());
        }

        string figure = Figures.TestError(runs, dataset.Name, outputs);
        string summary = outputs.WriteText($"recipe-{dataset.Name}.md", RecipeReport.Markdown(runs, dataset.Name, figure));
        outputs.Commit();
        foreach (RecipeRun run in runs)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name}: test {run.TestAccuracy:P2} (weights of epoch {run.WeightsEpoch} of {run.History.Count}), training {Numbers.Seconds(run.Training)}"));
        }

        Console.WriteLine($"Summary: {Path.Combine(outputs.Folder, summary)}");
        return 0;
    }
}
