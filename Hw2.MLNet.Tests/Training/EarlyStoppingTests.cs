using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

[TestClass]
public sealed class EarlyStoppingTests
{
    /// <summary>Records whose training and validation loss are the given values and validation accuracy 1 − loss.</summary>
    internal static List<EpochRecord> History(params double[] losses) =>
        [.. losses.Select((loss, i) => new EpochRecord(i + 1, loss, 0.5, 0.1f, TimeSpan.Zero, ValidationLoss: loss, ValidationAccuracy: 1 - loss))];

    /// <summary>Feeds the sequence epoch by epoch and returns the last epoch run.</summary>
    private static int StopEpoch(EarlyStopping rule, params double[] losses)
    {
        for (int e = 1; e <= losses.Length; e++)
        {
            if (rule.ShouldStop(History(losses[..e])))
            {
                return e;
            }
        }

        return losses.Length;
    }

    [TestMethod]
    public void LossChangeStopsAtTheFirstSmallChange()
    {
        var rule = new LossChangeStopping(0.005);
        Assert.AreEqual(3, StopEpoch(rule, 2.0, 1.5, 1.497, 1.2));
        Assert.AreEqual(2, StopEpoch(rule, 2.0, 2.004, 1.0));
        Assert.AreEqual(4, StopEpoch(rule, 2.0, 1.9, 1.8, 1.7), "never fires: all epochs run");
        Assert.AreEqual(3, StopEpoch(rule, 1.0, 1.1, 1.1001), "rising loss counts by its absolute change");
        Assert.IsNull(rule.BestEpoch(History(2.0, 1.5)));
    }

    [TestMethod]
    public void PatienceOnValidationLossStopsAndPointsAtTheBestEpoch()
    {
        var rule = new PatienceStopping(MonitoredMetric.ValidationLoss, patience: 2);
        Assert.AreEqual(4, StopEpoch(rule, 1.0, 0.8, 0.9, 0.85, 0.1));
        Assert.AreEqual(2, rule.BestEpoch(History(1.0, 0.8, 0.9, 0.85)));
        Assert.AreEqual(6, StopEpoch(rule, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5), "keeps improving: never fires");
    }

    [TestMethod]
    public void MinDeltaDecidesWhatCountsAsImprovement()
    {
        var rule = new PatienceStopping(MonitoredMetric.ValidationLoss, patience: 2, minDelta: 0.05);
        Assert.AreEqual(3, StopEpoch(rule, 1.0, 0.97, 0.96, 0.5), "0.03 and 0.04 are below the minimum improvement");
        Assert.AreEqual(1, rule.BestEpoch(History(1.0, 0.97, 0.96)));
    }

    [TestMethod]
    public void AccuracyIsMaximised()
    {
        var rule = new PatienceStopping(MonitoredMetric.ValidationAccuracy, patience: 1);
        Assert.AreEqual(3, StopEpoch(rule, 0.5, 0.3, 0.4), "accuracies 0.5, 0.7, 0.6");
        Assert.AreEqual(2, rule.BestEpoch(History(0.5, 0.3, 0.4)));
        Assert.IsNull(new PatienceStopping(restoreBestWeights: false).BestEpoch(History(0.5, 0.3)));
    }

    [TestMethod]
    public void ValidationMetricWithoutValidationDataExplainsWhatIsMissing()
    {
        var rule = new PatienceStopping(MonitoredMetric.ValidationLoss);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => rule.ShouldStop([new EpochRecord(1, 1, 1, 1, TimeSpan.Zero)]));
        StringAssert.Contains(ex.Message, "ValidationFraction");
    }
}
