using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

/// <summary>
/// The homework's Q1.1 made measurable: without a non-linearity a deep network is a linear model. On three
/// concentric rings (not linearly separable) a deep identity network and the shallow one converge to the same
/// accuracy, while the ReLU network separates the rings.
/// </summary>
[TestClass]
public sealed class LinearCollapseTests
{
    public TestContext TestContext { get; set; } = null!;

    private static (Matrix X, int[] Y) Rings(int perClass, int seed)
    {
        var random = new Random(seed);
        var x = new Matrix(3 * perClass, 2);
        var y = new int[3 * perClass];
        for (int i = 0; i < y.Length; i++)
        {
            int c = i % 3;
            double radius = 1 + c + (0.3 * (random.NextDouble() - 0.5));
            double angle = 2 * Math.PI * random.NextDouble();
            x[i, 0] = (float)(radius * Math.Cos(angle));
            x[i, 1] = (float)(radius * Math.Sin(angle));
            y[i] = c;
        }

        return (x, y);
    }

    private static double Accuracy(int[] sizes, HiddenActivation activation, Matrix x, int[] y)
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(sizes), seed: 3, activation);
        TrainingLoop.Train(network, x, y, new TrainingOptions { MaxEpochs = 1500, LearningRate = 0.01f, BatchSize = -1, Optimizer = new Adam() });
        return network.Evaluate(x, y).Accuracy;
    }

    [TestMethod]
    public void DeepIdentityNetworkIsNoBetterThanTheShallowOne()
    {
        (Matrix x, int[] y) = Rings(100, 1);
        double shallow = Accuracy([2, 3], HiddenActivation.Relu, x, y);
        double deepLinear = Accuracy([2, 32, 32, 3], HiddenActivation.Identity, x, y);
        double deepRelu = Accuracy([2, 32, 32, 3], HiddenActivation.Relu, x, y);
        TestContext.WriteLine($"shallow {shallow:P1}, deep identity {deepLinear:P1}, deep ReLU {deepRelu:P1}");
        Assert.AreEqual(shallow, deepLinear, 0.02, $"shallow {shallow:P1}, deep identity {deepLinear:P1}");
        Assert.IsGreaterThan(shallow + 0.3, deepRelu, $"deep ReLU {deepRelu:P1} vs shallow {shallow:P1}");
    }
}
