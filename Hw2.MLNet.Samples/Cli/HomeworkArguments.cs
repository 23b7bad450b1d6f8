using System.CommandLine;
using System.CommandLine.Parsing;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Samples.Cli;

/// <summary>The homework's two networks.</summary>
internal enum NetworkChoice
{
    /// <summary>[784, 300, 100, 10].</summary>
    Deep,

    /// <summary>[784, 10].</summary>
    Shallow,
}

/// <summary>The homework's command-line flags, with its spellings accepted as aliases.</summary>
internal sealed class HomeworkArguments
{
    public Argument<DirectoryInfo> DataFolder { get; } = new("DATA_FOLDER")
    {
        Description = "Folder holding (or receiving) the data set; MNIST goes to DATA_FOLDER/mnist.",
        DefaultValueFactory = _ => new DirectoryInfo("data"),
    };

    public Option<GradientEngine> Implementation { get; } = new("--impl", "-i")
    {
        Description = "Gradient implementation: nn (modules; also torch.nn), autograd (also torch.autograd), backprop (also my).",
        DefaultValueFactory = _ => GradientEngine.Backprop,
        CustomParser = ParseImplementation,
    };

    public Option<int> MaxEpochs { get; } = new("--max-epochs", "-e") { Description = "Maximum number of epochs.", DefaultValueFactory = _ => 100 };

    public Option<int> MaxExamples { get; } = new("--max-examples", "-n") { Description = "Use at most this many training images (the first ones).", DefaultValueFactory = _ => 20000 };

    public Option<float> LearningRate { get; } = new("--learning-rate", "-l") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-4f };

    public Option<int> MinibatchSize { get; } = new("--minibatch-size", "-m") { Description = "Minibatch size; -1 = full batch.", DefaultValueFactory = _ => -1 };

    public Option<NetworkChoice> Network { get; } = new("--network", "-c")
    {
        Description = "Network: deep (also 1) = [784, 300, 100, 10], shallow (also 0) = [784, 10].",
        DefaultValueFactory = _ => NetworkChoice.Deep,
        CustomParser = ParseNetwork,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print every epoch." };

    public Option<bool> Debug { get; } = new("--debug", "-d") { Description = "Print every epoch with timings and settings." };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the initial weights and of the shuffles.", DefaultValueFactory = _ => 1 };

    public Option<PixelScale> Scale { get; } = new("--scale")
    {
        Description = "Pixels as raw 0..255 (the homework) or unit = /255.",
        DefaultValueFactory = _ => PixelScale.Raw,
        CustomParser = ParseScale,
    };

    public Option<OptimizerKind> Optimizer { get; } = new("--optimizer")
    {
        Description = "Update rule: gd (plain gradient descent, the homework), momentum, nesterov, adam.",
        DefaultValueFactory = _ => OptimizerKind.GradientDescent,
        CustomParser = ParseOptimizer,
    };

    public Option<DirectoryInfo> Out { get; } = new("--out") { Description = "Folder for CSV files and plots.", DefaultValueFactory = _ => new DirectoryInfo("out") };

    public void AddTo(Command command)
    {
        command.Arguments.Add(DataFolder);
        foreach (Option option in new Option[] { Implementation, MaxEpochs, MaxExamples, LearningRate, MinibatchSize, Network, Verbose, Debug, Seed, Scale, Optimizer, Out })
        {
            command.Options.Add(option);
        }

        MaxEpochs.Validators.Add(r => RequireAtLeastOne(r, "--max-epochs (-e)"));
        MaxExamples.Validators.Add(r => RequireAtLeastOne(r, "--max-examples (-n)"));
        LearningRate.Validators.Add(r =>
        {
            float lr = r.GetValueOrDefault<float>();
            if (!(lr > 0) || !float.IsFinite(lr))
            {
                r.AddError($"--learning-rate (-l) must be a positive number, not {lr}.");
            }
        });
        MinibatchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is 0 or < -1)
            {
                r.AddError($"--minibatch-size (-m) must be a positive size, or -1 for the full batch, not {r.GetValueOrDefault<int>()}.");
            }
        });
    }

    private static void RequireAtLeastOne(OptionResult result, string name)
    {
        if (result.GetValueOrDefault<int>() < 1)
        {
            result.AddError($"{name} must be at least 1, not {result.GetValueOrDefault<int>()}.");
        }
    }

    private static GradientEngine ParseImplementation(ArgumentResult result) => ParseChoice(
        result, "implementation", "--impl (-i)", "nn, autograd or backprop (or torch.nn, torch.autograd, my)",
        (["nn", "torch.nn", "modules"], GradientEngine.Modules),
        (["autograd", "torch.autograd"], GradientEngine.Autograd),
        (["backprop", "my"], GradientEngine.Backprop));

    private static NetworkChoice ParseNetwork(ArgumentResult result) => ParseChoice(
        result, "network", "--network (-c)", "deep (1) or shallow (0)",
        (["deep", "1"], NetworkChoice.Deep),
        (["shallow", "0"], NetworkChoice.Shallow));

    private static OptimizerKind ParseOptimizer(ArgumentResult result) => ParseChoice(
        result, "optimizer", "--optimizer", "gd, momentum, nesterov or adam",
        (["gd", "sgd"], OptimizerKind.GradientDescent),
        (["momentum"], OptimizerKind.Momentum),
        (["nesterov"], OptimizerKind.Nesterov),
        (["adam"], OptimizerKind.Adam));

    private static PixelScale ParseScale(ArgumentResult result) => ParseChoice(
        result, "pixel scale", "--scale", "raw or unit",
        (["raw"], PixelScale.Raw),
        (["unit"], PixelScale.Unit));

    /// <summary>Maps the option's token (any of the listed spellings, case-insensitive) to its value, or reports what is accepted.</summary>
    private static T ParseChoice<T>(ArgumentResult result, string what, string option, string accepted, params (string[] Names, T Value)[] choices)
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
