using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Evaluation;

/// <summary>
/// The homework's protocol, defined once: its training run and its learning-curve sweep, so that the library's
/// defaults, the tests, the benchmarks and the console run exactly the same settings. The trainer's own defaults
/// (<see cref="MlpTrainerOptions"/>) are the modern run: pixels/255, Adam, minibatches.
/// </summary>
public static class HomeworkProtocol
{
    /// <summary>The homework's step size, for raw 0..255 pixels: 1e-4.</summary>
    public const float LearningRate = 1e-4f;

    /// <summary>The homework's batch size, −1: every epoch is one full-batch step (<c>-m -1</c>).</summary>
    public const int FullBatch = -1;

    /// <summary>Epochs of the homework's training run: 100.</summary>
    public const int Epochs = 100;

    /// <summary>Training images of the homework's training run: the first 20000 of MNIST's 60000.</summary>
    public const int TrainingImages = 20000;

    /// <summary>The homework feeds raw pixels, 0..255.</summary>
    public const PixelScale Pixels = PixelScale.Raw;

    /// <summary>Epoch cap of each learning-curve run: 500.</summary>
    public const int LearningCurveMaxEpochs = 500;

    /// <summary>A learning-curve run stops when the training loss changes by less than this from one epoch to the next: 0.005.</summary>
    public const double LearningCurveTolerance = 0.005;

    /// <summary>The homework's learning-curve sizes: 250, 1250, …, 9250.</summary>
    public static IReadOnlyList<int> LearningCurveSizes { get; } = [.. Enumerable.Range(0, 10).Select(i => 250 + (1000 * i))];

    /// <summary>The hidden layers of the deep network [784, 300, 100, 10], or none for the shallow [784, 10].</summary>
    public static int[] HiddenLayers(bool deep) => deep ? [300, 100] : [];

    /// <summary>
    /// The training run: raw pixels expected, full-batch gradient descent at 1e-4 for 100 epochs (train on
    /// <see cref="TrainingImages"/> images), the deep or the shallow network.
    /// </summary>
    public static MlpTrainerOptions Training(bool deep, GradientEngine engine = GradientEngine.Backprop) => new()
    {
        HiddenLayers = HiddenLayers(deep),
        Engine = engine,
        Optimizer = Optimizers.OptimizerKind.GradientDescent,
        LearningRate = LearningRate,
        BatchSize = FullBatch,
        MaxEpochs = Epochs,
    };

    /// <summary>
    /// The learning-curve protocol: the training run's settings, but stopped when the training loss changes by less
    /// than 0.005, at most 500 epochs.
    /// </summary>
    public static MlpTrainerOptions LearningCurveTraining(bool deep, GradientEngine engine = GradientEngine.Backprop)
    {
        MlpTrainerOptions options = Training(deep, engine);
        options.MaxEpochs = LearningCurveMaxEpochs;
        options.EarlyStopping = new LossChangeStopping(LearningCurveTolerance);
        return options;
    }
}
