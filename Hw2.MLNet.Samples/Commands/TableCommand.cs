using System.CommandLine;
using System.Globalization;
using System.Text;
using Hw2.MLNet.Samples.Cli;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Plots;
using Hw2.MLNet.Samples.Tabular;
using Hw2.MLNet.Samples.Terminal;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Commands;

/// <summary>
/// <c>table</c>: trains the task's MLP on any CSV file with a header (features standardised, a seeded test split),
/// prints ML.NET's metrics for the task, and writes the per-epoch history (CSV and plot) and the model.
/// </summary>
internal static class TableCommand
{
    public static Command Create(CancellationToken cancellation)
    {
        var args = new TableArguments();
        var command = new Command("table", "Train an MLP on a CSV table (binary, regression or multiclass): test-set metrics, the loss curve (CSV and PNG) and the model (MlpModelIO zip).");
        args.AddTo(command);
        command.SetAction(parse => Run(
            parse.GetValue(args.File)!, parse.GetValue(args.Label)!, parse.GetValue(args.TestFraction), args.GetSettings(parse), parse.GetValue(args.Out)!, args.GetVerbosity(parse), cancellation));
        return command;
    }

    private static int Run(FileInfo file, string label, double testFraction, TabularSettings settings, DirectoryInfo outFolder, Verbosity verbosity, CancellationToken cancellation)
    {
        if (!file.Exists)
        {
            throw new IOException($"{file.FullName} does not exist; give the path of a CSV file with a header row.");
        }

        CsvTable table = CsvTable.Inspect(file.FullName, label);
        var ml = new MLContext(seed: settings.Seed);
        using var outputs = new OutputSet(outFolder.FullName, cancellation);
        IDataView data = table.Load(ml, settings.Task);
        DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction, seed: settings.Seed);
        string task = settings.Task.ToString().ToLowerInvariant();
        Console.WriteLine($"{file.Name}: {task} on '{label}' from {table.Features.Count} numeric columns{(table.Ignored.Count > 0 ? $" (left out, not numbers: {string.Join(", ", table.Ignored)})" : string.Empty)}.");

        TabularResult result = ConsoleProgress.Run(ml, verbosity, board =>
        {
            IProgressLine line = board.Start($"{task} MLP on {file.Name}", 1);
            var progress = new CallbackProgress<EpochRecord>(r => line.Update(0, $"epoch {r.Epoch}, loss {r.Loss.ToString("F4", CultureInfo.InvariantCulture)}"));
            TabularResult run = TabularExperiment.Run(ml, split.TrainSet, split.TestSet, settings, progress, cancellation);
            line.Finish($"{run.History.Count} epochs in {run.FitTime.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
            return run;
        });

        string stem = "table-" + Path.GetFileNameWithoutExtension(file.Name);
        string history = outputs.WriteText(stem + "-history.csv", HistoryCsv(result.History));
        string plot = outputs.Write(stem + "-loss.png", stream => LinePlot.Write(
            stream,
            $"{task} MLP on {file.Name}",
            $"label '{label}', {table.Features.Count} features standardised",
            "epoch",
            settings.Task == TabularTask.Regression ? "loss (½ squared error of the standardised label)" : "loss",
            [new PlotSeries("training loss", [.. result.History.Select(r => ((double)r.Epoch, r.Loss))])],
            legend: LegendSpot.TopRight));
        string model = outputs.Write(stem + "-model.zip", stream => SaveModel(ml, result.Model, data.Schema, stream));
        outputs.Commit();

        foreach ((string name, double value) in result.Metrics)
        {
            Console.WriteLine($"  {name,-14} {value.ToString("F4", CultureInfo.InvariantCulture)}");
        }

        Console.WriteLine($"Wrote {history}, {plot} and {model} in {outputs.Folder}.");
        return 0;
    }

    /// <summary>The per-epoch history: training loss, accuracy (classifiers), learning rate and seconds.</summary>
    private static string HistoryCsv(IReadOnlyList<EpochRecord> history)
    {
        var csv = new StringBuilder("epoch,loss,train_accuracy,learning_rate,seconds\n");
        foreach (EpochRecord r in history)
        {
            string accuracy = double.IsNaN(r.TrainAccuracy) ? string.Empty : r.TrainAccuracy.ToString("R", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Loss:R},{accuracy},{r.LearningRate:R},{r.Elapsed.TotalSeconds:R}\n");
        }

        return csv.ToString();
    }

    /// <summary>Writes the model through <see cref="MlpModelIO.Save"/> (which needs a path) into the output set's stream.</summary>
    private static void SaveModel(MLContext ml, ITransformer model, DataViewSchema schema, Stream stream)
    {
        string path = Path.Combine(Path.GetTempPath(), $"hw2-table-{Guid.NewGuid():N}.zip");
        try
        {
            MlpModelIO.Save(ml, model, schema, path);
            using FileStream saved = File.OpenRead(path);
            saved.CopyTo(stream);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
