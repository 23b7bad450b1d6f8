using Hw2.MLNet.Data;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.Evaluation;

/// <summary>The homework's learning curves and a modern run on real MNIST (slow category).</summary>
[TestClass]
[TestCategory("Slow")]
public sealed class LearningCurveSlowTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// Raw pixels, learning rate 1e-4, full batch, stop when the loss changes by less than 0.005, at most 500 epochs,
    /// sizes 250…9250. PyTorch port at 250 / 4250 / 9250: deep — epochs 128 / 145 / 147, train 91.6 / 70.6 / 69.2 %,
    /// test 52.7 / 67.0 / 67.2 %; shallow — train 100 / 89.1 / 86.9 %, test 57.0 / 82.3 / 84.4 %.
    /// </summary>
    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void HomeworkLearningCurvesLandNearPyTorch(GradientEngine engine)
    {
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(TestData.MnistFolder(), PixelScale.Raw, maxTrain: 9250);
        var expected = new Dictionary<(bool Deep, int Size), (int Epochs, double Train, double Test)>
        {
            [(true, 250)] = (128, 0.916, 0.527),
            [(true, 4250)] = (145, 0.706, 0.670),
            [(true, 9250)] = (147, 0.692, 0.672),
            [(false, 250)] = (61, 1.000, 0.570),
            [(false, 4250)] = (264, 0.891, 0.823),
            [(false, 9250)] = (253, 0.869, 0.844),
        };
        foreach (bool deep in new[] { true, false })
        {
            var ml = new MLContext(seed: 1);
            MlpTrainerOptions options = HomeworkProtocol.LearningCurveTraining(deep, engine);
            LearningCurveResult curve = LearningCurve.Run(ml, train, test, options);
            foreach (LearningCurvePoint p in curve)
            {
                TestContext.WriteLine($"{engine} {(deep ? "deep" : "shallow")} n={p.TrainingSize}: epochs {p.Epochs}, train {p.Train.MicroAccuracy:P1}, test {p.Test.MicroAccuracy:P1}, {p.Elapsed.TotalSeconds:F1} s");
            }

            foreach (LearningCurvePoint p in curve.Where(p => expected.ContainsKey((deep, p.TrainingSize))))
            {
                (int epochs, double trainAccuracy, double testAccuracy) = expected[(deep, p.TrainingSize)];
                double tolerance = deep ? 0.02 : 0.03;
                Assert.AreEqual(trainAccuracy, p.Train.MicroAccuracy, tolerance, $"{(deep ? "deep" : "shallow")} n={p.TrainingSize} train");
                Assert.AreEqual(testAccuracy, p.Test.MicroAccuracy, tolerance, $"{(deep ? "deep" : "shallow")} n={p.TrainingSize} test");
                if (deep)
                {
                    Assert.AreEqual(epochs, p.Epochs, 0.15 * epochs, $"deep n={p.TrainingSize} epochs");
                }
            }
        }
    }

    /// <summary>
    /// Inputs /255, minibatch 128, Adam 1e-3 with cosine decay to 0 over the 20 epochs: ≥ 98.3 % test accuracy
    /// (constant-rate Adam ends near 98.15 % here, as PyTorch's 98.16 %). The test set is passed as validation data
    /// only to log its accuracy per epoch; nothing is selected on it.
    /// </summary>
    [TestMethod]
    public void AdamReachesNinetyEightPointThreeWithinTwentyEpochs()
    {
        (IdxDataView train, IdxDataView test) = ImageDataset.Mnist.LoadDataViews(TestData.MnistFolder(), PixelScale.Unit);
        var ml = new MLContext(seed: 1);
        MlpTrainerOptions options = AccuracyRecipe.PreviousBest();
        options.ValidationData = ml.Transforms.Conversion.MapValueToKey("Label").Fit(train).Transform(test);
        options.Progress = new CallbackProgress<EpochRecord>(r => TestContext.WriteLine(
            $"epoch {r.Epoch}: loss {r.Loss:F4}, train {r.TrainAccuracy:P2}, test {r.ValidationAccuracy:P2}, dead ReLU {string.Join("/", r.DeadUnitFractions?.Select(f => f.ToString("P1")) ?? [])}, {r.Elapsed.TotalSeconds:F2} s"));
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label").Append(new MlpTrainer(ml, options)).Fit(train);
        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        TestContext.WriteLine($"Adam: MicroAccuracy {metrics.MicroAccuracy:P2}, LogLoss {metrics.LogLoss:F4}");
        Assert.IsGreaterThanOrEqualTo(0.983, metrics.MicroAccuracy);
    }

}
