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
        CollectionAssert.AreEqual(new[] { 0.95f, 0.855f }, Steps(new MomentumDescent(0.9f), 2), new Tolerance());

    /// <summary>v1 = 0.5, step g + μv = 0.95 → θ = 0.905; v2 = 0.95, step 0.5 + 0.855 = 1.355 → θ = 0.7695.</summary>
    [TestMethod]
    public void NesterovLooksAhead() =>
        CollectionAssert.AreEqual(new[] { 0.905f, 0.7695f }, Steps(new MomentumDescent(0.9f, nesterov: true), 2), new Tolerance());

    /// <summary>With a constant gradient the bias-corrected moments are m̂ = g, v̂ = g², so each step is η·g/|g| = 0.1.</summary>
    [TestMethod]
    public void AdamBiasCorrectionGivesStepsOfTheLearningRate() =>
        CollectionAssert.AreEqual(new[] { 0.9f, 0.8f, 0.7f }, Steps(new Adam(), 3), new Tolerance());

    /// <summary>
    /// Every optimizer over 6 steps on parameters of 3×7 and 1×19 values (two full 8-wide vectors and a tail each) and
    /// of 257×263 (enough values in all for the update to be split across the cores, at a boundary inside that
    /// parameter), with gradients that differ per value and per step, against the update rule written out in double
    /// precision value by value. A mistake in the vectorised body, in the scalar tail or in the split shows in some value.
    /// </summary>
    [TestMethod]
    [DataRow("gd")]
    [DataRow("momentum")]
    [DataRow("nesterov")]
    [DataRow("adam")]
    public void EveryValueFollowsTheDoublePrecisionRule(string name)
    {
        (IOptimizer optimizer, Func<IReferenceRule> rule) = name switch
        {
            "gd" => ((IOptimizer)new GradientDescent(), (Func<IReferenceRule>)(() => new ReferenceMomentum(0, false))),
            "momentum" => (new MomentumDescent(0.8f), () => new ReferenceMomentum(0.8, false)),
            "nesterov" => (new MomentumDescent(0.8f, nesterov: true), () => new ReferenceMomentum(0.8, true)),
            _ => (new Adam(0.8f, 0.95f, 0.5f), () => new ReferenceAdam(0.8, 0.95, 0.5)),
        };
        Parameter[] parameters = [new("W", new Matrix(3, 7)), new("b", new Matrix(1, 19)), new("W2", new Matrix(257, 263))];
        Assert.IsTrue(parameters.Sum(p => p.Value.Length) >= ParameterSweep.ParallelMinValues);
        var random = new Random(11);
        double[][] expected = [.. parameters.Select(p => new double[p.Value.Length])];
        IReferenceRule[] rules = [.. parameters.Select(_ => rule())];
        for (int k = 0; k < parameters.Length; k++)
        {
            Span<float> value = parameters[k].Value.Span;
            for (int i = 0; i < value.Length; i++)
            {
                value[i] = (float)(random.NextDouble() - 0.5);
                expected[k][i] = value[i];
            }
        }

        for (int step = 1; step <= 6; step++)
        {
            for (int k = 0; k < parameters.Length; k++)
            {
                Span<float> gradient = parameters[k].Gradient.Span;
                for (int i = 0; i < gradient.Length; i++)
                {
                    gradient[i] = (float)((random.NextDouble() - 0.3) * (1 + (i % 23)));
                }

                rules[k].Step(expected[k], gradient, 0.05, step);
            }

            optimizer.Step(parameters, 0.05f);
            for (int k = 0; k < parameters.Length; k++)
            {
                ReadOnlySpan<float> actual = parameters[k].Value.Span;
                for (int i = 0; i < actual.Length; i++)
                {
                    if (!(Math.Abs(expected[k][i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[k][i]))))
                    {
                        Assert.Fail($"{name}, step {step}, {parameters[k].Name}[{i}]: expected {expected[k][i]}, got {actual[i]}");
                    }
                }
            }
        }
    }

    /// <summary>After <see cref="IOptimizer.Reset"/> the same parameter objects take the same steps as a fresh optimizer would: no velocity or moment is kept.</summary>
    [TestMethod]
    public void ResetForgetsState()
    {
        foreach (IOptimizer optimizer in new IOptimizer[] { new MomentumDescent(0.9f), new MomentumDescent(0.9f, true), new Adam() })
        {
            var p = new Parameter("θ", new Matrix(1, 3));
            float[] Run()
            {
                p.Value.Span.Fill(1f);
                for (int i = 0; i < 3; i++)
                {
                    p.Gradient.Span.Fill(0.5f + i);
                    optimizer.Step([p], 0.1f);
                }

                return p.Value.Span.ToArray();
            }

            float[] first = Run();
            optimizer.Reset();
            CollectionAssert.AreEqual(first, Run(), optimizer.GetType().Name);
        }
    }

    [TestMethod]
    public void OptimizerKindBuildsTheNamedRule()
    {
        Assert.IsInstanceOfType<GradientDescent>(IOptimizer.Create(OptimizerKind.GradientDescent));
        Assert.IsFalse(Assert.IsInstanceOfType<MomentumDescent>(IOptimizer.Create(OptimizerKind.Momentum, 0.7f)).Nesterov);
        MomentumDescent nesterov = Assert.IsInstanceOfType<MomentumDescent>(IOptimizer.Create(OptimizerKind.Nesterov, 0.7f));
        Assert.IsTrue(nesterov.Nesterov);
        Assert.AreEqual(0.7f, nesterov.Coefficient);
        Adam adam = Assert.IsInstanceOfType<Adam>(IOptimizer.Create(OptimizerKind.Adam));
        Assert.AreEqual((0.9f, 0.999f, 1e-8f), (adam.Beta1, adam.Beta2, adam.Epsilon));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => IOptimizer.Create((OptimizerKind)99));
    }

    /// <summary>The ranges' edges: β and μ may be 0 but not 1, ε must be positive; messages give the range.</summary>
    [TestMethod]
    public void HyperparametersAreCheckedAtTheirEdges()
    {
        _ = new MomentumDescent(0f);
        _ = new Adam(beta1: 0f, beta2: 0f);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MomentumDescent(1f)).Message, "Momentum must be in [0, 1).");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MomentumDescent(-0.01f));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(beta1: 1f)).Message, "β1 must be in [0, 1).");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(beta1: -0.1f));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(beta2: 1f)).Message, "β2 must be in [0, 1).");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(beta2: -0.1f));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Adam(epsilon: 0f)).Message, "ε must be positive.");
        foreach (IOptimizer optimizer in new IOptimizer[] { new GradientDescent(), new MomentumDescent(), new Adam() })
        {
            Assert.ThrowsExactly<ArgumentNullException>(() => optimizer.Step(null!, 0.1f), optimizer.GetType().Name);
        }
    }

    /// <summary>One parameter's update rule in double precision.</summary>
    private interface IReferenceRule
    {
        void Step(double[] theta, ReadOnlySpan<float> gradient, double rate, int step);
    }

    /// <summary>PyTorch's SGD with momentum μ: v ← μv + g; θ ← θ − η·v, or with Nesterov θ ← θ − η·(g + μv). μ = 0 is plain gradient descent.</summary>
    private sealed class ReferenceMomentum(double mu, bool nesterov) : IReferenceRule
    {
        private double[]? velocity;

        public void Step(double[] theta, ReadOnlySpan<float> gradient, double rate, int step)
        {
            velocity ??= new double[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                velocity[i] = (mu * velocity[i]) + gradient[i];
                theta[i] -= rate * (nesterov ? gradient[i] + (mu * velocity[i]) : velocity[i]);
            }
        }
    }

    /// <summary>Kingma and Ba's Algorithm 1.</summary>
    private sealed class ReferenceAdam(double beta1, double beta2, double epsilon) : IReferenceRule
    {
        private double[]? m;
        private double[]? v;

        public void Step(double[] theta, ReadOnlySpan<float> gradient, double rate, int step)
        {
            m ??= new double[theta.Length];
            v ??= new double[theta.Length];
            for (int i = 0; i < theta.Length; i++)
            {
                m[i] = (beta1 * m[i]) + ((1 - beta1) * gradient[i]);
                v[i] = (beta2 * v[i]) + ((1 - beta2) * gradient[i] * gradient[i]);
                double mHat = m[i] / (1 - Math.Pow(beta1, step));
                double vHat = v[i] / (1 - Math.Pow(beta2, step));
                theta[i] -= rate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }
    }

    private sealed class Tolerance : System.Collections.IComparer
    {
        public int Compare(object? x, object? y) => Math.Abs((float)x! - (float)y!) < 1e-5f ? 0 : 1;
    }
}
