using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Training;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Training;

/// <summary>
/// The homework's experiments on real MNIST (slow: excluded from the default run; see the README for the command).
/// </summary>
[TestClass]
[TestCategory("Slow")]
public sealed class HomeworkReproductionTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// Raw 0..255 pixels, learning rate 1e-4, full-batch gradient descent on the first 20000 training images, 100
    /// epochs. A PyTorch port of the protocol gives test 61.4 %, train 60.3 % (epoch 50: test 46.6 %; epoch 10: 18.2 %).
    /// Under this protocol the final accuracy of one run swings by ±4 points with the initial weights (seeds 1–7
    /// gave 57.7–65.4 % test here), so one run of ours against one run of PyTorch would test the seeds, not the code:
    /// the check is on the mean of seeds 1–5, fixed before looking at the results of the engines.
    /// </summary>
    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void HomeworkProtocolLandsWithinThreePointsOfPyTorch(GradientEngine engine)
    {
        (LabeledImages train, LabeledImages test) = ImageDataset.Mnist.Load(TestData.MnistFolder(), PixelScale.Raw, maxTrain: 20000);
        var trainAccuracies = new List<double>();
        var testAccuracies = new List<double>();
        for (int seed = 1; seed <= 5; seed++)
        {
            var network = MlpNetwork.CreateRandom(MlpShape.Deep, seed);
            var testAt = new Dictionary<int, double>();
            var history = TrainingLoop.Train(
                network, train.Features, train.Labels, new TrainingOptions { MaxEpochs = 100, LearningRate = 1e-4f, BatchSize = -1, Engine = engine, Seed = seed },
                new CallbackProgress<EpochRecord>(e =>
                {
                    if (e.Epoch is 10 or 50 or 100)
                    {
                        testAt[e.Epoch] = network.Evaluate(test.Features, test.Labels).Accuracy;
                    }
                })).History;
            trainAccuracies.Add(network.Evaluate(train.Features, train.Labels).Accuracy);
            testAccuracies.Add(testAt[100]);
            TestContext.WriteLine(
                $"{engine} seed {seed}: loss {history[^1].Loss:F3}, train {trainAccuracies[^1]:P1}, test@10 {testAt[10]:P1}, test@50 {testAt[50]:P1}, test@100 {testAt[100]:P1}");
        }

        TestContext.WriteLine($"{engine} mean of seeds 1-5: train {trainAccuracies.Average():P1}, test {testAccuracies.Average():P1}");
        Assert.AreEqual(0.614, testAccuracies.Average(), 0.03, "mean test accuracy after 100 epochs");
        Assert.AreEqual(0.603, trainAccuracies.Average(), 0.03, "mean train accuracy after 100 epochs");
    }

    /// <summary>Inputs /255, shuffled minibatches of 128, learning rate 0.1, 5 epochs on 60000 images: ≥ 95.5 % (PyTorch: 96.4 %).</summary>
    [TestMethod]
    [DataRow(GradientEngine.Backprop)]
    [DataRow(GradientEngine.Autograd)]
    [DataRow(GradientEngine.Modules)]
    public void ModernSettingsReachNinetyFivePointFiveInFiveEpochs(GradientEngine engine)
    {
        (LabeledImages train, LabeledImages test) = ImageDataset.Mnist.Load(TestData.MnistFolder(), PixelScale.Unit);
        var network = MlpNetwork.CreateRandom(MlpShape.Deep, seed: 1);
        TrainingLoop.Train(network, train.Features, train.Labels, new TrainingOptions { MaxEpochs = 5, LearningRate = 0.1f, BatchSize = 128, Engine = engine });
        double accuracy = network.Evaluate(test.Features, test.Labels).Accuracy;
        TestContext.WriteLine($"{engine}: test accuracy after 5 epochs {accuracy:P2}");
        Assert.IsGreaterThanOrEqualTo(0.955, accuracy);
    }
}
