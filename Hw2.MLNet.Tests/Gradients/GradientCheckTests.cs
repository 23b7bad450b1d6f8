using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Gradients;

[TestClass]
public sealed class GradientCheckTests
{
    public static IEnumerable<object[]> Cases()
    {
        int[][] shapes = [[5, 4, 3], [6, 3], [4, 7, 5, 3]];
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            foreach (int[] shape in shapes)
            {
                foreach (HiddenActivation activation in Enum.GetValues<HiddenActivation>())
                {
                    yield return [engine, shape, activation];
                }
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void EngineGradientsMatchCentralDifferences(GradientEngine kind, int[] sizes, HiddenActivation activation)
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(sizes), seed: 7, activation);
        Matrix x = TestData.RandomMatrix(8, sizes[0], seed: 11, scale: 2f);
        int[] y = TestData.RandomLabels(8, sizes[^1], seed: 12);
        IGradientEngine engine = IGradientEngine.Create(kind, network);

        LossResult result = engine.ComputeGradients(x, y);

        Assert.AreEqual(new ReferenceMlp(network).Loss(x, y), result.Loss, 1e-5);
        (double violation, string where) = GradientCheck.WorstViolation(network, x, y, GradientCheck.Gradients(network));
        Assert.IsLessThanOrEqualTo(0d, violation, where);
    }

    [TestMethod]
    public void GradientsAreOverwrittenNotAccumulatedBetweenCalls()
    {
        foreach (GradientEngine kind in Enum.GetValues<GradientEngine>())
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(5, 4, 3), seed: 3);
            Matrix x = TestData.RandomMatrix(6, 5, 4);
            int[] y = TestData.RandomLabels(6, 3, 5);
            IGradientEngine engine = IGradientEngine.Create(kind, network);
            engine.ComputeGradients(x, y);
            IReadOnlyList<Matrix> first = GradientCheck.Gradients(network);
            engine.ComputeGradients(x, y);
            for (int p = 0; p < first.Count; p++)
            {
                CollectionAssert.AreEqual(first[p].Span.ToArray(), network.Parameters.All[p].Gradient.Span.ToArray(), $"{kind} {p}");
            }
        }
    }
}
