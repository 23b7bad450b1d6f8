using Hw2.MLNet.Gradients;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Evaluation;

/// <summary>The homework's training settings, so that tests, benchmarks and samples run exactly the same protocol.</summary>
public static class HomeworkProtocol
{
    /// <summary>
    /// The learning-curve protocol: raw pixels expected, learning rate 1e-4, full-batch gradient descent, stop when the
    /// training loss changes by less than 0.005, at most 500 epochs; the deep network [784, 300, 100, 10] or the shallow
    /// [784, 10].
    /// </summary>
    public static MlpTrainerOptions LearningCurveOptions(bool deep, GradientEngine engine = GradientEngine.Backprop) => new()
    {
        HiddenLayers = deep ? [300, 100] : [],
        Engine = engine,
        LearningRate = 1e-4f,
        BatchSize = -1,
        MaxEpochs = 500,
        EarlyStopping = new LossChangeStopping(0.005),
    };
}
