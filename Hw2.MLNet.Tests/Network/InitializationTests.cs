using Hw2.MLNet.Network;
using MathNet.Numerics.Random;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.Network;

/// <summary>The two weight initialisations against their definitions, and the trainers' option.</summary>
[TestClass]
public sealed class InitializationTests
{
    /// <summary>The homework's draw, value by value from the seeded generator: W1, b1, W2, b2 … each uniform in ±1/√fan_in.</summary>
    [TestMethod]
    public void UniformIsTheHomeworksDrawValueByValue()
    {
        var shape = new MlpShape(5, 4, 3);
        MlpParameters p = MlpParameters.CreateRandom(shape, seed: 7);
        var random = new Xoshiro256StarStar(7, threadSafe: false);
        for (int l = 0; l < shape.LayerCount; l++)
        {
            double bound = 1 / Math.Sqrt(shape.FanIn(l));
            foreach (Parameter q in new[] { p.Weights[l], p.Biases[l] })
            {
                foreach (float v in q.Value.Span)
                {
                    Assert.AreEqual((float)(((2.0 * random.NextDouble()) - 1.0) * (float)bound), v, q.Name);
                }
            }
        }

        CollectionAssert.AreEqual(p.Weights[0].Value.Span.ToArray(), MlpParameters.CreateRandom(shape, 7, WeightInitialization.Uniform).Weights[0].Value.Span.ToArray());
    }

    /// <summary>He: every weight within ±√(6/fan_in), their variance 2/fan_in, the bound nearly reached, biases 0.</summary>
    [TestMethod]
    public void HeUniformHasTheVarianceOfHeEtAlAndZeroBiases()
    {
        var shape = new MlpShape(400, 300, 10);
        MlpParameters p = MlpParameters.CreateRandom(shape, seed: 3, WeightInitialization.HeUniform);
        for (int l = 0; l < shape.LayerCount; l++)
        {
            float[] w = p.Weights[l].Value.Span.ToArray();
            double bound = Math.Sqrt(6.0 / shape.FanIn(l));
            double variance = w.Average(v => (double)v * v);
            Assert.IsTrue(w.All(v => Math.Abs(v) <= bound), $"layer {l}: within ±√(6/fan_in)");
            Assert.IsGreaterThan(0.99 * bound, w.Max(v => Math.Abs((double)v)), $"layer {l}: the bound is nearly reached");
            Assert.AreEqual(2.0 / shape.FanIn(l), variance, 0.05 * 2.0 / shape.FanIn(l), $"layer {l}: variance 2/fan_in");
            Assert.IsTrue(p.Biases[l].Value.Span.ToArray().All(v => v == 0f), $"layer {l}: biases 0");
        }

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => MlpParameters.CreateRandom(shape, 1, (WeightInitialization)5));
    }

    [TestMethod]
    public void TheTrainersOptionChoosesTheDraw()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(MLNet.TabularData.RegressionRows(50, 1));
        MlpRegressionTrainerOptions Options(WeightInitialization init) => new() { HiddenLayers = [64], MaxEpochs = 1, LearningRate = 1e-9f, Seed = 4, Initialization = init };
        MlpModelParameters he = new MlpRegressionTrainer(ml, Options(WeightInitialization.HeUniform)).Fit(data).Model;
        MlpModelParameters uniform = new MlpRegressionTrainer(ml, Options(WeightInitialization.Uniform)).Fit(data).Model;
        double heBound = Math.Sqrt(6.0 / 4), uniformBound = 1 / Math.Sqrt(4.0);
        Assert.IsGreaterThan(uniformBound * 1.5, he.GetWeights(0).ToArray().Max(v => Math.Abs((double)v)));
        Assert.IsLessThanOrEqualTo(heBound, he.GetWeights(0).ToArray().Max(v => Math.Abs((double)v)));
        Assert.IsLessThanOrEqualTo(uniformBound * 1.001, uniform.GetWeights(0).ToArray().Max(v => Math.Abs((double)v)));
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { Initialization = (WeightInitialization)9 })).Message,
            "Initialization 9 is not a known weight initialisation.");
    }
}
