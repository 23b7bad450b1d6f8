using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Gradients.Modules;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Gradients;

[TestClass]
public sealed class EngineAgreementTests
{
    /// <summary>
    /// Backprop, Autograd and Modules on 1000 real MNIST images: every gradient within 1e-4 (norm-wise). The deep
    /// network, and the shallow one, which Backprop trains in one pass over the rows (15 blocks on every core).
    /// </summary>
    [TestMethod]
    [DataRow(PixelScale.Unit, true)]
    [DataRow(PixelScale.Raw, true)]
    [DataRow(PixelScale.Raw, false)]
    public void EnginesAgreeWithRealMnist(PixelScale scale, bool deep)
    {
        (LabeledImages train, _) = ImageDataset.Mnist.Load(TestData.MnistFolder(), scale, maxTrain: 1000, maxTest: 1);
        var results = new Dictionary<GradientEngine, (float Loss, IReadOnlyList<Matrix> Grads)>();
        foreach (GradientEngine kind in Enum.GetValues<GradientEngine>())
        {
            var network = MlpNetwork.CreateRandom(deep ? MlpShape.Deep : MlpShape.Shallow, seed: 5);
            var loss = IGradientEngine.Create(kind, network).ComputeGradients(train.Features, train.Labels);
            results[kind] = (loss.Loss, GradientCheck.Gradients(network));
        }

        var reference = results[GradientEngine.Backprop];
        foreach (GradientEngine kind in new[] { GradientEngine.Autograd, GradientEngine.Modules })
        {
            Assert.IsTrue(float.IsFinite(reference.Loss), $"Backprop's loss is {reference.Loss}");
            Assert.AreEqual(reference.Loss, results[kind].Loss, 1e-5f * Math.Max(1f, reference.Loss), kind.ToString());
            for (int p = 0; p < reference.Grads.Count; p++)
            {
                double diff = 0, norm = 0;
                ReadOnlySpan<float> a = results[kind].Grads[p].Span, b = reference.Grads[p].Span;
                for (int i = 0; i < a.Length; i++)
                {
                    diff += (double)(a[i] - b[i]) * (a[i] - b[i]);
                    norm += (double)b[i] * b[i];
                }

                double relative = Math.Sqrt(diff) / Math.Sqrt(norm);
                Assert.IsTrue(norm > 0 && double.IsFinite(norm), $"Backprop's gradient of parameter {p} has norm² {norm}: nothing to compare against");
                Assert.IsTrue(relative <= 1e-4, $"{kind} parameter {p}: relative difference {relative}");
            }
        }
    }

    [TestMethod]
    public void ModulesMirrorTheNetwork()
    {
        var network = MlpNetwork.CreateRandom(MlpShape.Deep, seed: 1);
        Sequential model = Sequential.From(network);
        // Dropout (the input's), Linear, ReLU, Dropout, Linear, ReLU, Dropout, Linear.
        Assert.AreEqual(8, model.Layers.Count);
        Assert.IsInstanceOfType<Dropout>(model.Layers[0]);
        Assert.IsInstanceOfType<Linear>(model.Layers[1]);
        Assert.IsInstanceOfType<ActivationLayer>(model.Layers[2]);
        Assert.IsInstanceOfType<Dropout>(model.Layers[3]);
        Assert.IsInstanceOfType<Linear>(model.Layers[^1]);
        CollectionAssert.AreEqual(network.Parameters.All.ToArray(), model.Parameters.ToArray());
    }
}
