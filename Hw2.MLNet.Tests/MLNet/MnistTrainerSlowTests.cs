using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>The deep network trained on all of MNIST through the public ML.NET API (slow category).</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class MnistTrainerSlowTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Inputs /255, minibatch 128, learning rate 0.1, 10 epochs: ≥ 97 % with every engine (PyTorch: 97.5 %), engines within 0.3 points.</summary>
    [TestMethod]
    public void DeepNetworkReachesNinetySevenPercentWithEveryEngine()
    {
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(TestData.MnistFolder(), PixelScale.Unit);
        var accuracies = new Dictionary<GradientEngine, double>();
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            var ml = new MLContext(seed: 1);
            var options = new MlpTrainerOptions { HiddenLayers = [300, 100], Engine = engine, Optimizer = Hw2.MLNet.Optimizers.OptimizerKind.GradientDescent, LearningRate = 0.1f, BatchSize = 128, MaxEpochs = 10 };
            ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label").Append(new MlpTrainer(ml, options)).Fit(train);
            MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
            accuracies[engine] = metrics.MicroAccuracy;
            TestContext.WriteLine($"{engine}: MicroAccuracy {metrics.MicroAccuracy:P2}, MacroAccuracy {metrics.MacroAccuracy:P2}, LogLoss {metrics.LogLoss:F4}");
            Assert.IsGreaterThanOrEqualTo(0.97, metrics.MicroAccuracy, engine.ToString());
        }

        Assert.IsLessThanOrEqualTo(0.003, accuracies.Values.Max() - accuracies.Values.Min());
    }
}
