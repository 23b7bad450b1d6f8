using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Tests.MLNet;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.Evaluation;

[TestClass]
public sealed class LearningCurveTests
{
    private static LearningCurveResult Run(int seed, IProgress<LearningCurvePoint>? progress = null, bool sample = false)
    {
        var ml = new MLContext(seed: seed);
        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.EarlyStopping = new LossChangeStopping(0.005);
        options.MaxEpochs = 200;
        return LearningCurve.Run(
            ml, SyntheticData.View(ml, 240, 1), SyntheticData.View(ml, 150, 2), options,
            new LearningCurveOptions { Sizes = [30, 60, 120, 240], Progress = progress, SampleRandomly = sample });
    }

    [TestMethod]
    public void OnePointPerSizeWithMetricsAndStopReasons()
    {
        var reported = new List<int>();
        LearningCurveResult curve = Run(1, new CallbackProgress<LearningCurvePoint>(p => reported.Add(p.TrainingSize)));
        CollectionAssert.AreEqual(new[] { 30, 60, 120, 240 }, curve.Select(p => p.TrainingSize).ToArray());
        CollectionAssert.AreEqual(new[] { 30, 60, 120, 240 }, reported);
        foreach (LearningCurvePoint point in curve)
        {
            Assert.IsTrue(point.Epochs is > 1 and <= 200);
            Assert.AreEqual(point.Epochs < 200 ? StopReason.LossChangeBelowTolerance : StopReason.MaxEpochs, point.StopReason);
            Assert.IsGreaterThan(0.8, point.Test.MicroAccuracy);
            Assert.AreEqual(3, point.Train.ConfusionMatrix.NumberOfClasses);
        }

        string[] lines = curve.ToCsv().TrimEnd().Split('\n');
        Assert.AreEqual(LearningCurveResult.CsvHeader, lines[0]);
        Assert.HasCount(5, lines);
        StringAssert.StartsWith(lines[1], "30,");
    }

    [TestMethod]
    public void SameSeedGivesTheSameCurve()
    {
        string a = Strip(Run(3).ToCsv());
        string b = Strip(Run(3).ToCsv());
        Assert.AreEqual(a, b);
        Assert.AreEqual(Strip(Run(3, sample: true).ToCsv()), Strip(Run(3, sample: true).ToCsv()));
    }

    [TestMethod]
    public void SizesMustIncreaseAndFit()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = SyntheticData.View(ml, 50, 1);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => LearningCurve.Run(ml, data, data, SyntheticData.SmallOptions(), new LearningCurveOptions { Sizes = [20, 10] })).Message, "increasing");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => LearningCurve.Run(ml, data, data, SyntheticData.SmallOptions(), new LearningCurveOptions { Sizes = [100] })).Message, "exceeds");
    }

    /// <summary>Drops the timing columns (named *seconds), the only ones that differ between identical runs.</summary>
    private static string Strip(string csv)
    {
        string[] lines = csv.TrimEnd().Split('\n');
        bool[] timing = [.. lines[0].Split(',').Select(name => name.EndsWith("seconds", StringComparison.Ordinal))];
        Assert.AreEqual(2, timing.Count(t => t));
        return string.Join('\n', lines.Select(line => string.Join(',', line.Split(',').Where((_, i) => !timing[i]))));
    }

}
