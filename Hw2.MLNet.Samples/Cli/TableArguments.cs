using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Hw2.MLNet.Samples.Tabular;

namespace Hw2.MLNet.Samples.Cli;

/// <summary>The arguments of <c>table</c>: the CSV file, the task and label, the test fraction and the network's settings (unset ones keep the trainer's defaults).</summary>
internal sealed class TableArguments : CommonArguments
{
    public Argument<FileInfo> File { get; } = new("CSV_FILE") { Description = "A CSV file with a header row." };

    public Option<TabularTask> Task { get; } = new("--task")
    {
        Description = "binary (a true/false or 1/0 label), regression (a numeric label) or multiclass (any label; its values are the classes).",
        Required = true,
        CustomParser = r => ParseChoice(r, "task", "--task", "binary, regression or multiclass", (["binary"], TabularTask.Binary), (["regression"], TabularTask.Regression), (["multiclass"], TabularTask.Multiclass)),
    };

    public Option<string> Label { get; } = new("--label") { Description = "The label column's name (as in the header); every other column of numbers is a feature.", Required = true };

    public Option<double> TestFraction { get; } = new("--test-fraction")
    {
        Description = "Fraction of the rows held out, seeded, to measure the model on.",
        DefaultValueFactory = _ => 0.2,
        CustomParser = r =>
        {
            string token = r.Tokens.Count > 0 ? r.Tokens[0].Value : string.Empty;
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value < 1)
            {
                return value;
            }

            r.AddError($"--test-fraction takes a number between 0 and 1 such as 0.2, not '{token}'.");
            return 0.2;
        },
    };

    public Option<int[]?> Hidden { get; } = new("--hidden")
    {
        Description = "Hidden layer sizes, comma-separated (e.g. 100 or 64,32); default: the trainer's (100).",
        CustomParser = ParseLayers,
    };

    public Option<int?> Epochs { get; } = new("--epochs", "-e") { Description = "Epochs; default: the trainer's (50).", CustomParser = r => WholeNumber(r, "--epochs (-e)") };

    public Option<int?> BatchSize { get; } = new("--minibatch-size", "-m") { Description = "Rows per minibatch; default: the trainer's (32).", CustomParser = r => WholeNumber(r, "--minibatch-size (-m)") };

    public Option<float?> LearningRate { get; } = new("--learning-rate", "-l") { Description = "Adam's step size; default: the trainer's (0.001).", CustomParser = r => PositiveNumber(r, "--learning-rate (-l)") };

    /// <summary>Adds the file argument and the options.</summary>
    public void AddTo(Command command)
    {
        command.Arguments.Add(File);
        foreach (Option option in new Option[] { Task, Label, TestFraction, Hidden, Epochs, BatchSize, LearningRate, Seed, Out, Verbose, Debug })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings the command line gives.</summary>
    public TabularSettings GetSettings(ParseResult parse) => new(
        parse.GetValue(Task), parse.GetResult(Hidden) is { Implicit: false } ? parse.GetValue(Hidden) : null, parse.GetValue(Epochs), parse.GetValue(BatchSize), parse.GetValue(LearningRate), parse.GetValue(Seed));

    private static int[]? ParseLayers(ArgumentResult result)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        string[] parts = token.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < 1)
            {
                result.AddError($"--hidden takes layer sizes such as 100 or 64,32 (whole numbers of at least 1, comma-separated), not '{token}'.");
                return null;
            }
        }

        return sizes;
    }
}
