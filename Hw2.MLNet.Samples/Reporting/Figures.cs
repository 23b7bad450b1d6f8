using System.Globalization;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Plots;
using Hw2.MLNet.Training;
using OxyPlot;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>The report's figures as PNG files of an <see cref="OutputSet"/>; each method returns the file names it wrote (relative to the set's folder).</summary>
internal static class Figures
{
    /// <summary>Loss vs. epoch and train/test accuracy vs. epoch (the homework's figures 1–2 and 5–6).</summary>
    public static (string Loss, string Accuracy) TrainingCurves(TrainingCurve curve, OutputSet outputs, string stem)
    {
        string caption = Caption(curve);
        string engine = TrainingSettings.EngineName(curve.Settings.Engine);
        string loss = stem + "-loss.png";
        string accuracy = stem + "-accuracy.png";
        outputs.Write(loss, stream => LinePlot.Write(
            stream, $"Loss vs. epochs ({curve.Settings.NetworkName} network, {engine})", caption, "epoch", "mean cross-entropy",
            [new PlotSeries("training loss", Points(curve.History, r => r.Loss)), new PlotSeries("test loss", Points(curve.History, r => r.ValidationLoss ?? double.NaN))],
            legend: LegendSpot.TopRight));
        outputs.Write(accuracy, stream => LinePlot.Write(
            stream, $"Accuracy vs. epochs ({curve.Settings.NetworkName} network, {engine})", caption, "epoch", "accuracy",
            [new PlotSeries("train", Points(curve.History, r => r.TrainAccuracy)), new PlotSeries("test", Points(curve.History, r => r.ValidationAccuracy ?? double.NaN))],
            percent: true));
        return (loss, accuracy);
    }

    /// <summary>Train and test accuracy vs. training-set size for one network (the homework's figures 3–4 and 7–8).</summary>
    public static string LearningCurve(LearningCurveResult curve, bool deep, SweepSettings settings, OutputSet outputs)
    {
        string network = deep ? "deep" : "shallow";
        string file = $"learning-curve-{network}.png";
        outputs.Write(file, stream => LinePlot.Write(
            stream, $"Learning curve, {network} network", SweepCaption(settings), "training-set size", "accuracy",
            [new PlotSeries("train", SizePoints(curve, p => p.Train.MicroAccuracy)), new PlotSeries("test", SizePoints(curve, p => p.Test.MicroAccuracy))],
            percent: true));
        return file;
    }

    /// <summary>Both networks' learning curves on one chart.</summary>
    public static string LearningCurveOverlay(LearningCurveResult deep, LearningCurveResult shallow, SweepSettings settings, OutputSet outputs)
    {
        const string file = "learning-curve-deep-vs-shallow.png";
        outputs.Write(file, stream => LinePlot.Write(
            stream, "Learning curves, deep vs. shallow", SweepCaption(settings), "training-set size", "accuracy",
            [
                new PlotSeries("deep, train", SizePoints(deep, p => p.Train.MicroAccuracy), OxyColors.SteelBlue),
                new PlotSeries("deep, test", SizePoints(deep, p => p.Test.MicroAccuracy), OxyColors.SteelBlue, Dashed: true),
                new PlotSeries("shallow, train", SizePoints(shallow, p => p.Train.MicroAccuracy), OxyColors.OrangeRed),
                new PlotSeries("shallow, test", SizePoints(shallow, p => p.Test.MicroAccuracy), OxyColors.OrangeRed, Dashed: true),
            ],
            percent: true));
        return file;
    }

    /// <summary>Fraction of dead ReLU units per hidden layer and epoch, for each run.</summary>
    public static string DeadUnits(IReadOnlyList<TrainingCurve> runs, OutputSet outputs)
    {
        const string file = "dead-relu.png";
        OxyColor[] colors = [OxyColors.SteelBlue, OxyColors.SeaGreen, OxyColors.OrangeRed, OxyColors.Purple];
        var series = new List<PlotSeries>();
        for (int r = 0; r < runs.Count; r++)
        {
            TrainingCurve run = runs[r];
            int layers = run.History.Count > 0 ? run.History[0].DeadUnitFractions?.Count ?? 0 : 0;
            for (int layer = 0; layer < layers; layer++)
            {
                int l = layer;
                string rate = run.Settings.LearningRate.ToString("G3", CultureInfo.InvariantCulture);
                series.Add(new PlotSeries($"lr {rate}, layer {l + 1}", Points(run.History, h => h.DeadUnitFractions![l]), colors[r % colors.Length], Dashed: l > 0));
            }
        }

        TrainingCurve first = runs[0];
        string caption = string.Create(
            CultureInfo.InvariantCulture,
            $"{first.Settings.NetworkName}, {TrainingSettings.EngineName(first.Settings.Engine)}, GD, full batch, raw pixels, {first.TrainRows} training images, seed {first.Settings.Seed}; hidden layer 1 solid, 2 dashed");
        outputs.Write(file, stream => LinePlot.Write(
            stream, "Dead ReLU units (output 0 for every training image of the epoch)", caption,
            "epoch", "fraction of units dead", series, percent: true, legend: LegendSpot.Outside));
        return file;
    }

    /// <summary>Test error against epochs for the runs of the <c>recipe</c> command (log scale: from tens of percent to about one).</summary>
    public static string TestError(IReadOnlyList<RecipeRun> runs, string dataset, OutputSet outputs)
    {
        string file = $"recipe-{dataset}-test-error.png";
        OxyColor[] colors = [OxyColors.Gray, OxyColors.SteelBlue, OxyColors.OrangeRed];
        outputs.Write(file, stream => LinePlot.Write(
            stream,
            $"Test error vs. epochs, {dataset}",
            "logged after every epoch, it chose nothing; each run's test accuracy is measured once, after training",
            "epoch",
            "test error",
            [.. runs.Select((run, i) => new PlotSeries(run.Name, Points(run.History, r => 1 - (r.MonitorAccuracy ?? double.NaN)), colors[i % colors.Length]))],
            percent: true,
            legend: LegendSpot.TopRight,
            logY: true));
        return file;
    }

    private static string Caption(TrainingCurve curve) =>
        string.Create(CultureInfo.InvariantCulture, $"{curve.Settings.Describe()}; {curve.TrainRows} training images");

    private static string SweepCaption(SweepSettings s) => string.Create(
        CultureInfo.InvariantCulture,
        $"{TrainingSettings.EngineName(s.Engine)}, raw pixels, GD lr 1e-4, full batch, stop when |Δloss| < 0.005 or at {s.MaxEpochs} epochs, seed {s.Seed}");

    private static List<(double, double)> Points(IReadOnlyList<EpochRecord> history, Func<EpochRecord, double> value) =>
        history.Select(r => ((double)r.Epoch, value(r))).ToList();

    private static List<(double, double)> SizePoints(LearningCurveResult curve, Func<LearningCurvePoint, double> value) =>
        curve.Select(p => ((double)p.TrainingSize, value(p))).ToList();
}
