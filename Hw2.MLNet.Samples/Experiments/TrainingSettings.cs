using System.Globalization;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>
/// One training run's settings: the homework's flags plus activation, optimizer and the trainer's divergence factor
/// (<see cref="MlpTrainerOptions.DivergenceFactor"/>; infinite lets a diverging run go on, for experiments that watch it).
/// </summary>
internal sealed record TrainingSettings(
    GradientEngine Engine,
    bool Deep,
    int MaxEpochs,
    int MaxExamples,
    float LearningRate,
    int BatchSize,
    int Seed,
    PixelScale Scale,
    OptimizerKind Optimizer,
    HiddenActivation Activation = HiddenActivation.Relu,
    double DivergenceFactor = TrainingOptions.DefaultDivergenceFactor)
{
    /// <summary>The homework (<see cref="HomeworkProtocol.Training"/>): raw pixels, plain gradient descent at 1e-4 on the full batch of 20000 images, 100 epochs.</summary>
    public static TrainingSettings Homework { get; } = new(
        GradientEngine.Backprop, true, HomeworkProtocol.Epochs, HomeworkProtocol.TrainingImages, HomeworkProtocol.LearningRate, HomeworkProtocol.FullBatch, 1, HomeworkProtocol.Pixels, OptimizerKind.GradientDescent);

    /// <summary>The trainer's defaults (<see cref="MlpTrainerOptions"/>: Adam at 1e-3, minibatches of 128, 10 epochs) on all 60000 images, pixels/255.</summary>
    public static TrainingSettings Modern { get; } = TrainerDefaults(new MlpTrainerOptions());

    private static TrainingSettings TrainerDefaults(MlpTrainerOptions defaults) =>
        new(defaults.Engine, defaults.HiddenLayers.Length > 0, defaults.MaxEpochs, 60000, defaults.LearningRate, defaults.BatchSize, 1, PixelScale.Unit, defaults.Optimizer, defaults.Activation, defaults.DivergenceFactor);

    /// <summary>"deep" or "shallow".</summary>
    public string NetworkName => Deep ? "deep" : "shallow";

    /// <summary>The trainer's options for these settings.</summary>
    public MlpTrainerOptions ToTrainerOptions() => new()
    {
        HiddenLayers = HomeworkProtocol.HiddenLayers(Deep),
        Activation = Activation,
        Engine = Engine,
        LearningRate = LearningRate,
        Optimizer = Optimizer,
        BatchSize = BatchSize,
        MaxEpochs = MaxEpochs,
        Seed = Seed,
        DivergenceFactor = DivergenceFactor,
    };

    /// <summary>One line for captions and logs.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{NetworkName}{(Activation == HiddenActivation.Relu ? string.Empty : $" ({Activation})")}, {EngineName(Engine)}, {DescribeProtocol()}");

    /// <summary>The settings shared by a group of runs: everything but network and implementation.</summary>
    public string DescribeProtocol() => string.Create(
        CultureInfo.InvariantCulture,
        $"{OptimizerName(Optimizer)} lr {LearningRate:G3}, {(BatchSize <= 0 ? "full batch" : $"minibatch {BatchSize}")}, {MaxEpochs} epochs, {(Scale == PixelScale.Raw ? "raw pixels" : "pixels/255")}, seed {Seed}");

    /// <summary>The homework's name for an implementation.</summary>
    public static string EngineName(GradientEngine engine) => engine switch
    {
        GradientEngine.Modules => "nn (modules)",
        GradientEngine.Autograd => "autograd",
        _ => "backprop",
    };

    private static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.GradientDescent => "GD",
        _ => kind.ToString(),
    };
}
