using System.CommandLine;
using System.CommandLine.Parsing;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Samples.Experiments;

namespace Hw2.MLNet.Samples.Cli;

/// <summary>The homework's two networks.</summary>
internal enum NetworkChoice
{
    /// <summary>[784, 300, 100, 10].</summary>
    Deep,

    /// <summary>[784, 10].</summary>
    Shallow,
}

/// <summary>Starting points for <c>train</c>'s settings; explicit flags override them.</summary>
internal enum PresetChoice
{
    /// <summary><see cref="TrainingSettings.Homework"/>.</summary>
    Homework,

    /// <summary><see cref="TrainingSettings.Modern"/>.</summary>
    Modern,
}

/// <summary>The homework's training flags (hw2_training.py), with its spellings accepted as aliases, and a preset.</summary>
internal sealed class HomeworkArguments : CommonArguments
{
    public Option<PresetChoice> Preset { get; } = new("--preset")
    {
        Description = $"Starting settings: homework ({Summary(TrainingSettings.Homework)}) or modern ({Summary(TrainingSettings.Modern)}). Flags given explicitly override the preset.",
        DefaultValueFactory = _ => PresetChoice.Homework,
        CustomParser = r => ParseChoice(r, "preset", "--preset", "homework or modern", (["homework"], PresetChoice.Homework), (["modern"], PresetChoice.Modern)),
    };

    public Option<GradientEngine> Implementation { get; } = new("--impl", "-i")
    {
        Description = "Gradient implementation: nn (modules; also torch.nn), autograd (also torch.autograd), backprop (also my).",
        DefaultValueFactory = _ => TrainingSettings.Homework.Engine,
        CustomParser = ParseImplementation,
    };

    public Option<int> MaxEpochs { get; } = new("--max-epochs", "-e")
    {
        Description = "Maximum number of epochs.",
        DefaultValueFactory = _ => TrainingSettings.Homework.MaxEpochs,
        CustomParser = r => WholeNumber(r, "--max-epochs (-e)"),
    };

    public Option<int> MaxExamples { get; } = new("--max-examples", "-n")
    {
        Description = "Use at most this many training images (the first ones).",
        DefaultValueFactory = _ => TrainingSettings.Homework.MaxExamples,
        CustomParser = r => WholeNumber(r, "--max-examples (-n)"),
    };

    public Option<float> LearningRate { get; } = new("--learning-rate", "-l")
    {
        Description = "Learning rate.",
        DefaultValueFactory = _ => TrainingSettings.Homework.LearningRate,
        CustomParser = r => PositiveNumber(r, "--learning-rate (-l)"),
    };

    public Option<int> MinibatchSize { get; } = new("--minibatch-size", "-m")
    {
        Description = "Minibatch size; -1 = full batch.",
        DefaultValueFactory = _ => TrainingSettings.Homework.BatchSize,
        CustomParser = r => WholeNumber(r, "--minibatch-size (-m)", alsoAllowed: "-1 for the full batch", allowed: -1),
    };

    public Option<NetworkChoice> Network { get; } = new("--network", "-c")
    {
        Description = "Network: deep (also 1) = [784, 300, 100, 10], shallow (also 0) = [784, 10].",
        DefaultValueFactory = _ => NetworkChoice.Deep,
        CustomParser = r => ParseChoice(r, "network", "--network (-c)", "deep (1) or shallow (0)", (["deep", "1"], NetworkChoice.Deep), (["shallow", "0"], NetworkChoice.Shallow)),
    };

    public Option<PixelScale> Scale { get; } = new("--scale")
    {
        Description = "Pixels as raw 0..255 (the homework) or unit = /255.",
        DefaultValueFactory = _ => TrainingSettings.Homework.Scale,
        CustomParser = r => ParseChoice(r, "pixel scale", "--scale", "raw or unit", (["raw"], PixelScale.Raw), (["unit"], PixelScale.Unit)),
    };

    public Option<OptimizerKind> Optimizer { get; } = new("--optimizer")
    {
        Description = "Update rule: gd (plain gradient descent, the homework), momentum, nesterov, adam.",
        DefaultValueFactory = _ => TrainingSettings.Homework.Optimizer,
        CustomParser = r => ParseChoice(
            r, "optimizer", "--optimizer", "gd, momentum, nesterov or adam",
            (["gd", "sgd"], OptimizerKind.GradientDescent),
            (["momentum"], OptimizerKind.Momentum),
            (["nesterov"], OptimizerKind.Nesterov),
            (["adam"], OptimizerKind.Adam)),
    };

    private static string Summary(TrainingSettings preset) => $"{preset.DescribeProtocol()}, {preset.MaxExamples} images";

    public void AddTo(Command command)
    {
        AddCommon(command, Preset, Implementation, MaxEpochs, MaxExamples, LearningRate, MinibatchSize, Network, Scale, Optimizer);
    }

    /// <summary>The preset's settings with every explicitly given flag applied on top.</summary>
    public TrainingSettings GetSettings(ParseResult parse)
    {
        TrainingSettings preset = parse.GetValue(Preset) == PresetChoice.Modern ? TrainingSettings.Modern : TrainingSettings.Homework;
        return preset with
        {
            Engine = Given(parse, Implementation, preset.Engine),
            Deep = Given(parse, Network, preset.Deep ? NetworkChoice.Deep : NetworkChoice.Shallow) == NetworkChoice.Deep,
            MaxEpochs = Given(parse, MaxEpochs, preset.MaxEpochs),
            MaxExamples = Given(parse, MaxExamples, preset.MaxExamples),
            LearningRate = Given(parse, LearningRate, preset.LearningRate),
            BatchSize = Given(parse, MinibatchSize, preset.BatchSize),
            Seed = Given(parse, Seed, preset.Seed),
            Scale = Given(parse, Scale, preset.Scale),
            Optimizer = Given(parse, Optimizer, preset.Optimizer),
        };
    }
}
