using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Gradients;

namespace Hw2.MLNet.Samples.Experiments;

/// <summary>A learning-curve sweep: the homework protocol (raw pixels, GD 1e-4, full batch, stop when the loss changes by less than 0.005) at these sizes.</summary>
/// <param name="Sizes">Training-set sizes, increasing.</param>
/// <param name="MaxEpochs">Epoch cap per size (the homework: 500).</param>
/// <param name="Engine">Gradient implementation.</param>
/// <param name="Seed">Seed of the initial weights.</param>
internal sealed record SweepSettings(IReadOnlyList<int> Sizes, int MaxEpochs, GradientEngine Engine, int Seed)
{
    /// <summary>The homework's sweep: 250, 1250, …, 9250 and at most 500 epochs.</summary>
    public static SweepSettings Homework { get; } = new(HomeworkProtocol.LearningCurveSizes, HomeworkProtocol.LearningCurveMaxEpochs, GradientEngine.Backprop, 1);

    /// <summary>The trainer's options for one network.</summary>
    public MlpTrainerOptions ToTrainerOptions(bool deep)
    {
        MlpTrainerOptions options = HomeworkProtocol.LearningCurveTraining(deep, Engine);
        options.MaxEpochs = MaxEpochs;
        options.Seed = Seed;
        return options;
    }
}
