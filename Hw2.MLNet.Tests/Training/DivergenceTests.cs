using Hw2.MLNet.Data;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.Training;

/// <summary>
/// The divergence rule: a loss past <see cref="TrainingOptions.DivergenceFactor"/> × the first batch's stops training.
/// The cases are the ones where training used to run on to a dead network and return it as if all were well; the
/// healthy runs (homework, modern, learning curves) are the slow tests, which train with the default rule.
/// </summary>
[TestClass]
public sealed class DivergenceTests
{
    private readonly MLContext ml = new(seed: 1);

    public enum Case
    {
        /// <summary>Raw pixels, 1000 rows, full batch, learning rate 1: losses 12 → 10⁶ → … → 2.4, every ReLU dead.</summary>
        RawPixelsRateOne,

        /// <summary>Pixels/255 × 10⁶, learning rate 0.1, minibatch 128.</summary>
        FeaturesTimesAMillion,

        /// <summary>Adam at a rate of 1000 on 2000 rows, minibatch 128: the loss settled at 500 and the accuracy at 9 %.</summary>
        AdamRateThousand,

        /// <summary>Raw pixels, 2000 rows, full batch, learning rate 10⁶.</summary>
        RateMillion,
    }

    [TestMethod]
    [DataRow(Case.RawPixelsRateOne)]
    [DataRow(Case.FeaturesTimesAMillion)]
    [DataRow(Case.AdamRateThousand)]
    [DataRow(Case.RateMillion)]
    public void FitStopsWithTheEpochBatchRateAndBothLosses(Case divergingCase)
    {
        (PixelScale scale, int rows, float multiply, MlpTrainerOptions options) = divergingCase switch
        {
            Case.RawPixelsRateOne => (PixelScale.Raw, 1000, 1f, new MlpTrainerOptions { Optimizer = OptimizerKind.GradientDescent, LearningRate = 1f, BatchSize = -1, MaxEpochs = 20 }),
            Case.FeaturesTimesAMillion => (PixelScale.Unit, 1000, 1e6f, new MlpTrainerOptions { Optimizer = OptimizerKind.GradientDescent, LearningRate = 0.1f, MaxEpochs = 20 }),
            Case.AdamRateThousand => (PixelScale.Unit, 2000, 1f, new MlpTrainerOptions { LearningRate = 1e3f, Optimizer = OptimizerKind.Adam, MaxEpochs = 20 }),
            _ => (PixelScale.Raw, 2000, 1f, new MlpTrainerOptions { Optimizer = OptimizerKind.GradientDescent, LearningRate = 1e6f, BatchSize = -1, MaxEpochs = 20 }),
        };
        options.Seed = 1;
        IDataView data = Mnist(scale, rows, multiply);
        var epochs = new List<EpochRecord>();
        options.Progress = new CallbackProgress<EpochRecord>(epochs.Add);

        var ex = Assert.ThrowsExactly<TrainingDivergedException>(() => new MlpTrainer(ml, options).Fit(data));

        Assert.IsLessThanOrEqualTo(2, ex.Epoch, ex.Message);
        Assert.AreEqual(epochs.Count + 1, ex.Epoch, "it stops in the epoch after the last one reported");
        Assert.IsGreaterThanOrEqualTo(1, ex.Batch);
        Assert.AreEqual(options.LearningRate, ex.LearningRate);
        Assert.IsTrue(!float.IsFinite(ex.Loss) || ex.Loss > 1e4 * ex.InitialLoss, $"loss {ex.Loss}, initial {ex.InitialLoss}");
        StringAssert.Contains(ex.Message, $"epoch {ex.Epoch}, batch {ex.Batch}");
        StringAssert.Contains(ex.Message, FormattableString.Invariant($"learning rate {options.LearningRate}"));
        if (float.IsFinite(ex.Loss))
        {
            StringAssert.Contains(ex.Message, FormattableString.Invariant($"× the loss before the first update ({ex.InitialLoss:G4})"));
        }
    }

    /// <summary>With the rule off (an infinite factor) the first case runs to the end and returns the dead network, as it did before the rule.</summary>
    [TestMethod]
    public void AnInfiniteFactorKeepsOnlyTheNonFiniteCheck()
    {
        var options = new MlpTrainerOptions { Optimizer = OptimizerKind.GradientDescent, LearningRate = 1f, BatchSize = -1, MaxEpochs = 8, Seed = 1, DivergenceFactor = double.PositiveInfinity };
        var model = new MlpTrainer(ml, options).Fit(Mnist(PixelScale.Raw, 1000, 1f));
        Assert.AreEqual(8, model.Model.History.Count);
        Assert.IsGreaterThan(1e4 * model.Model.History[0].Loss, model.Model.History.Max(h => h.Loss), "the run did diverge");
    }

    /// <summary>The rule on scripted losses: the first batch is the reference; a loss of exactly factor × it passes, anything above stops.</summary>
    [TestMethod]
    public void TheFirstBatchIsTheReference()
    {
        var guard = new DivergenceGuard(100);
        guard.Check(2f, epoch: 1, batch: 1, learningRate: 0.5f);
        guard.Check(150f, epoch: 1, batch: 2, learningRate: 0.5f);
        guard.Check(200f, epoch: 2, batch: 1, learningRate: 0.5f);
        var ex = Assert.ThrowsExactly<TrainingDivergedException>(() => guard.Check(200.1f, epoch: 2, batch: 2, learningRate: 0.25f));
        Assert.AreEqual((2, 2, 0.25f, 200.1f, 2f), (ex.Epoch, ex.Batch, ex.LearningRate, ex.Loss, ex.InitialLoss));
        StringAssert.Contains(ex.Message, "the loss 200.1 is more than 100 × the loss before the first update (2)");

        var nan = Assert.ThrowsExactly<TrainingDivergedException>(() => new DivergenceGuard(double.PositiveInfinity).Check(float.NaN, 1, 1, 1f));
        StringAssert.Contains(nan.Message, "the loss is NaN");
        new DivergenceGuard(double.PositiveInfinity).Check(1f, 1, 1, 1f);
    }

    private IDataView Mnist(PixelScale scale, int rows, float multiply)
    {
        (LabeledImages train, _) = ImageDataset.Mnist.Load(TestData.MnistFolder(), scale, maxTrain: rows, maxTest: 1);
        var data = new List<Row>(train.Count);
        for (int i = 0; i < train.Count; i++)
        {
            float[] features = train.Features.Row(i).ToArray();
            for (int j = 0; j < features.Length; j++)
            {
                features[j] *= multiply;
            }

            data.Add(new Row { Label = train.Labels[i], Features = features });
        }

        IDataView view = ml.Data.LoadFromEnumerable(data);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(view).Transform(view);
    }

    private sealed class Row
    {
        public int Label { get; set; }

        [Microsoft.ML.Data.VectorType(784)]
        public float[] Features { get; set; } = [];
    }

}
