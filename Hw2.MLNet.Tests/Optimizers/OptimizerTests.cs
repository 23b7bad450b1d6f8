using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Tests.Optimizers;

/// <summary>First steps of each optimizer on θ = 1 with a constant gradient of 0.5 and η = 0.1, computed by hand.</summary>
[TestClass]
public sealed class OptimizerTests
{
    private static float[] Steps(IOptimizer optimizer, int count)
    {
        var p = new Parameter("θ", new Matrix(1, 1, [1f]));
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            p.Gradient[0, 0] = 0.5f;
            optimizer.Step([p], 0.1f);
            values[i] = p.Value[0, 0];
        }

        return values;
    }

    [TestMethod]
    public void GradientDescentStepsByRateTimesGradient() =>
        CollectionAssert.AreEqual(new[] { 0.95f, 0.9f }, Steps(new GradientDescent(), 2), new Tolerance());

    /// <summary>v1 = 0.5 → θ = 0.95; v2 = 0.9·0.5 + 0.5 = 0.95 → θ = 0.855.</summary>
    [TestMethod]
    public void MomentumAccumulatesVelocity() =>
        CollectionAssert.AreEqual(new[] { 0.95f, 0.855f }, Steps(new Momentum(0.9f), 2), new Tolerance());

    /// <summary>v1 = 0.5, step g + μv = 0.95 → θ = 0.905; v2 = 0.95, step 0.5 + 0.855 = 1.355 → θ = 0.7695.</summary>
    [TestMethod]
    public void NesterovLooksAhead() =>
        CollectionAssert.AreEqual(new[] { 0.905f, 0.7695f }, Steps(new Momentum(0.9f, nesterov: true), 2), new Tolerance());

    /// <summary>With a constant gradient the bias-corrected moments are m̂ = g, v̂ = g², so each step is η·g/|g| = 0.1.</summary>
    [TestMethod]
    public void AdamBiasCorrectionGivesStepsOfTheLearningRate() =>
        CollectionAssert.AreEqual(new[] { 0.9f, 0.8f, 0.7f }, Steps(new Adam(), 3), new Tolerance());

    [TestMethod]
    public void ResetForgetsState()
    {
        foreach (IOptimizer optimizer in new IOptimizer[] { new Momentum(0.9f), new Momentum(0.9f, true), new Adam() })
        {
            float[] first = Steps(optimizer, 3);
            optimizer.Reset();
            CollectionAssert.AreEqual(first, Steps(optimizer, 3), optimizer.GetType().Name);
        }
    }

    [TestMethod]
    public void InvalidHyperparametersAreRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Momentum(1f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(beta1: -0.1f));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(epsilon: 0f));
    }

    private sealed class Tolerance : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) < 1e-5f ? 0 : 1;
    }
}
