using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Gradients;

/// <summary>
/// The binary and regression losses through whole networks: every engine's gradients against double-precision central
/// differences of <see cref="ReferenceMlp"/> (written from the definitions), and the engines against each other.
/// </summary>
[TestClass]
public sealed class TaskGradientCheckTests
{
    public static IEnumerable<object[]> Cases()
    {
        int[][] shapes = [[5, 4, 1], [6, 1], [4, 7, 5, 1]];
        foreach (string loss in new[] { "logistic", "squared", "huber" })
        {
            foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
            {
                foreach (int[] shape in shapes)
                {
                    foreach (HiddenActivation activation in new[] { HiddenActivation.Relu, HiddenActivation.Tanh })
                    {
                        yield return [loss, engine, shape, activation];
                    }
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void EngineGradientsMatchCentralDifferences(string loss, GradientEngine kind, int[] sizes, HiddenActivation activation)
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(sizes), seed: 7, activation);
        Matrix x = TestData.RandomMatrix(8, sizes[0], seed: 11, scale: 2f);
        (LossResult result, Func<Vector<double>, int, double> reference) = Step(IGradientEngine.Create(kind, network), x, loss);

        Assert.AreEqual(new ReferenceMlp(network).Loss(x, reference), result.Loss, 1e-5);
        (double violation, string where) = GradientCheck.WorstViolation(network, x, reference, GradientCheck.Gradients(network));
        Assert.IsLessThanOrEqualTo(0d, violation, where);
    }

    [TestMethod]
    [DataRow("logistic")]
    [DataRow("squared")]
    [DataRow("huber")]
    public void TheThreeEnginesGiveTheSameLossAndGradients(string loss)
    {
        Matrix x = TestData.RandomMatrix(33, 6, seed: 3, scale: 2f);
        LossResult? first = null;
        IReadOnlyList<Matrix>? backprop = null;
        foreach (GradientEngine kind in Enum.GetValues<GradientEngine>())
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(6, 9, 5, 1), seed: 5);
            LossResult result = Step(IGradientEngine.Create(kind, network), x, loss).Result;
            IReadOnlyList<Matrix> gradients = GradientCheck.Gradients(network);
            first ??= result;
            backprop ??= gradients;
            Assert.AreEqual(first.Value, result, $"{kind}: loss and correct count");
            for (int p = 0; p < gradients.Count; p++)
            {
                float[] expected = backprop[p].Span.ToArray();
                float[] actual = gradients[p].Span.ToArray();
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.AreEqual(expected[i], actual[i], 1e-6f + (1e-5f * Math.Abs(expected[i])), $"{kind}, parameter {p}[{i}]");
                }
            }
        }
    }

    /// <summary>One gradient step of <paramref name="loss"/> on rows <paramref name="x"/> with seeded targets, and the reference loss of a row.</summary>
    private static (LossResult Result, Func<Vector<double>, int, double> Reference) Step(IGradientEngine engine, Matrix x, string loss)
    {
        if (loss == "logistic")
        {
            int[] labels = TestData.RandomLabels(x.Rows, 2, seed: 12);
            return (engine.ComputeGradients<int>(x, labels, LogisticLoss.Instance), ReferenceMlp.LogisticOf(labels));
        }

        float[] targets = [.. TestData.RandomMatrix(x.Rows, 1, seed: 13, scale: 3f).Span.ToArray()];
        double delta = loss == "huber" ? 0.5 : double.PositiveInfinity;
        return (engine.ComputeGradients<float>(x, targets, new RegressionLoss((float)delta)), ReferenceMlp.HuberOf(targets, delta));
    }
}
