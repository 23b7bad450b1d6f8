using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Gradients;

/// <summary>Dropout: the masks, every engine's gradients with a mask held fixed, the engines against each other, and dropout in training.</summary>
[TestClass]
public sealed class DropoutTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (GradientEngine engine in Enum.GetValues<GradientEngine>())
        {
            foreach (HiddenActivation activation in new[] { HiddenActivation.Relu, HiddenActivation.Tanh, HiddenActivation.Sigmoid })
            {
                yield return [engine, activation];
            }
        }
    }

    /// <summary>With the masks of one draw held fixed, the loss is a smooth function of the weights: its gradients against central differences.</summary>
    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void GradientsWithAFixedMaskMatchCentralDifferences(GradientEngine kind, HiddenActivation activation)
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(6, 7, 5, 3), seed: 7, activation);
        Matrix x = TestData.RandomMatrix(9, 6, seed: 11, scale: 2f);
        int[] y = TestData.RandomLabels(9, 3, seed: 12);
        var masks = new DropoutMasks(network.Shape, inputRate: 0.2f, hiddenRate: 0.5f, seed: 3);
        masks.Draw(9);

        LossResult result = IGradientEngine.Create(kind, network).ComputeGradients<int>(x, y, SoftmaxCrossEntropyLoss.Instance, masks);

        var reference = new ReferenceMlp(network, masks);
        Assert.AreEqual(reference.Loss(x, y), result.Loss, 1e-5);
        Assert.AreNotEqual(new ReferenceMlp(network).Loss(x, y), reference.Loss(x, y), 1e-3, "the masks change the loss");
        (double violation, string where) = GradientCheck.WorstViolation(network, x, ReferenceMlp.CrossEntropyOf(y), GradientCheck.Gradients(network), reference);
        Assert.IsLessThanOrEqualTo(0d, violation, where);
    }

    [TestMethod]
    public void TheThreeEnginesGiveTheSameGradientsUnderOneMask()
    {
        Matrix x = TestData.RandomMatrix(40, 6, seed: 3, scale: 2f);
        int[] y = TestData.RandomLabels(40, 3, seed: 4);
        IReadOnlyList<Matrix>? first = null;
        foreach (GradientEngine kind in Enum.GetValues<GradientEngine>())
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(6, 9, 5, 3), seed: 5);
            var masks = new DropoutMasks(network.Shape, 0.2f, 0.5f, seed: 8);
            masks.Draw(40);
            IGradientEngine.Create(kind, network).ComputeGradients<int>(x, y, SoftmaxCrossEntropyLoss.Instance, masks);
            IReadOnlyList<Matrix> gradients = GradientCheck.Gradients(network);
            first ??= gradients;
            for (int p = 0; p < gradients.Count; p++)
            {
                for (int i = 0; i < gradients[p].Length; i++)
                {
                    Assert.AreEqual(first[p].Span[i], gradients[p].Span[i], 1e-6f + (1e-5f * Math.Abs(first[p].Span[i])), $"{kind}, parameter {p}[{i}]");
                }
            }
        }
    }

    /// <summary>Each entry is 0 with probability p and 1/(1 − p) otherwise; a seed gives the same masks, the next batch new ones.</summary>
    [TestMethod]
    public void MasksDropTheRateAndScaleTheRest()
    {
        var shape = new MlpShape(50, 40, 30, 2);
        var masks = new DropoutMasks(shape, 0.2f, 0.5f, seed: 1);
        masks.Draw(200);
        float[] input = masks.Input!.Span.ToArray();
        float[] hidden = masks.Hidden(1)!.Span.ToArray();
        Assert.IsTrue(input.All(v => v == 0f || v == 1f / 0.8f) && hidden.All(v => v == 0f || v == 2f));
        Assert.AreEqual(0.2, input.Count(v => v == 0f) / (double)input.Length, 0.01);
        Assert.AreEqual(0.5, hidden.Count(v => v == 0f) / (double)hidden.Length, 0.01);
        Assert.AreEqual(40, masks.Hidden(0)!.Cols);

        var again = new DropoutMasks(shape, 0.2f, 0.5f, seed: 1);
        again.Draw(200);
        CollectionAssert.AreEqual(hidden, again.Hidden(1)!.Span.ToArray(), "the same seed, the same masks");
        masks.Draw(200);
        CollectionAssert.AreNotEqual(hidden, masks.Hidden(1)!.Span.ToArray(), "the next batch draws new masks");
        Assert.IsNull(new DropoutMasks(shape, 0f, 0.5f, 1).Input);
    }

    /// <summary>A rate of 0 is no dropout: the same numbers bit for bit as training without the option.</summary>
    [TestMethod]
    public void ARateOfZeroGivesTodaysNumbers()
    {
        (Matrix x, int[] y) = Training.TrainingLoopTests.Blobs(90, 2);
        double[] Losses(TrainingOptions options)
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(4, 12, 3), seed: 5);
            return [.. TrainingLoop.Train(network, x.Clone(), y, options).History.Select(r => r.Loss)];
        }

        var plain = new TrainingOptions { MaxEpochs = 3, LearningRate = 0.3f, BatchSize = 10 };
        CollectionAssert.AreEqual(Losses(plain), Losses(new TrainingOptions { MaxEpochs = 3, LearningRate = 0.3f, BatchSize = 10, Dropout = 0f, InputDropout = 0f }));
        CollectionAssert.AreNotEqual(Losses(plain), Losses(new TrainingOptions { MaxEpochs = 3, LearningRate = 0.3f, BatchSize = 10, Dropout = 0.5f }));
    }

    /// <summary>A network trained with heavy dropout still learns the blobs, and scores without dropout: the same scores every time.</summary>
    [TestMethod]
    public void ANetworkTrainedWithDropoutLearnsAndScoresDeterministically()
    {
        var ml = new Microsoft.ML.MLContext(seed: 1);
        Microsoft.ML.IDataView data = MLNet.SyntheticData.View(ml, 300, 1);
        MlpTrainerOptions options = MLNet.SyntheticData.SmallOptions(seed: 2);
        options.HiddenLayers = [64];
        options.Dropout = 0.5f;
        options.InputDropout = 0.2f;
        var model = MLNet.SyntheticData.Pipeline(ml, options).Fit(data);
        Microsoft.ML.IDataView test = MLNet.SyntheticData.View(ml, 300, 2);
        float[] Scores() => [.. ml.Data.CreateEnumerable<MLNet.SyntheticData.Prediction>(model.Transform(test), false).SelectMany(p => p.Score)];
        CollectionAssert.AreEqual(Scores(), Scores(), "scoring never drops");
        double accuracy = ml.Data.CreateEnumerable<MLNet.SyntheticData.Prediction>(model.Transform(test), false)
            .Zip(MLNet.SyntheticData.Rows(300, 2)).Average(p => p.First.PredictedLabel == p.Second.Label ? 1.0 : 0.0);
        Assert.IsGreaterThan(0.9, accuracy);
    }
}
