using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Training;
using static Hw2.MLNet.Samples.Reporting.Numbers;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>
/// Writes <c>report.md</c>: figures, tables of final numbers, settings, timings, and per figure a paragraph whose
/// every statement is computed from the results (nothing is written that the data could contradict).
/// </summary>
internal static class ReportWriter
{
    /// <summary>The report's Markdown text.</summary>
    public static string Write(ReportResults results, string command)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Hw2.MLNet report: the homework's experiments on {results.Dataset}")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `{command}` in {Seconds(results.Elapsed)} ")
          .AppendLine(CultureInfo.InvariantCulture, $"({Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}). Every number below is read from the CSV files next to this report.")
          .AppendLine();
        TrainingSection(md, results);
        SweepSection(md, results);
        ModernSection(md, results);
        CollapseSection(md, results);
        DeadReluSection(md, results);
        TimingSection(md, results);
        return md.ToString();
    }

    private static void TrainingSection(StringBuilder md, ReportResults results)
    {
        TrainingCurve first = results.Training[0].Curve;
        md.AppendLine("## 1. Training curves with the homework's settings (figures 1–2 and 5–6 of the homework)")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Settings: {first.Settings.DescribeProtocol()}; {first.TrainRows} training images, {first.TestRows} test images; each implementation with both networks. Test loss and accuracy are measured after every epoch.")
          .AppendLine()
          .AppendLine("| network | implementation | epochs | final loss | train accuracy | test accuracy | time per epoch | run time |")
          .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (RunOutcome run in results.Training)
        {
            TrainingCurve c = run.Curve;
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Settings.NetworkName} | {TrainingSettings.EngineName(c.Settings.Engine)} | {c.History.Count} | {LastLoss(c)} | {LastTrain(c)} | {LastTest(c)} | {PerEpoch(c.Elapsed, c.History.Count)} | {Seconds(c.Elapsed)} |");
        }

        md.AppendLine();
        foreach (bool deep in new[] { true, false })
        {
            var runs = results.Training.Where(r => r.Curve.Settings.Deep == deep).ToList();
            md.AppendLine(TrainingParagraph(runs)).AppendLine();
            foreach (RunOutcome run in runs)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![loss, {run.Curve.Settings.NetworkName}, {run.Curve.Settings.Engine}]({run.LossFigure}) ![accuracy, {run.Curve.Settings.NetworkName}, {run.Curve.Settings.Engine}]({run.AccuracyFigure})");
            }

            md.AppendLine();
        }
    }

    private static string TrainingParagraph(IReadOnlyList<RunOutcome> runs)
    {
        TrainingCurve c = runs[^1].Curve;
        string network = c.Settings.NetworkName;
        if (c.History.Count == 0)
        {
            return $"The {network} network finished no epoch: {c.Failure}";
        }

        EpochRecord firstEpoch = c.History[0];
        EpochRecord last = c.Last;
        double drop = firstEpoch.Loss - last.Loss;
        int halfway = c.History.First(r => r.Loss <= firstEpoch.Loss - (drop / 2)).Epoch;
        int testAbove = c.History.Count(r => r.ValidationAccuracy > r.TrainAccuracy);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"**{Capitalized(network)} network.** With {TrainingSettings.EngineName(c.Settings.Engine)}, the training loss goes from {Loss(firstEpoch.Loss)} after epoch 1 to {Loss(last.Loss)} after epoch {last.Epoch}; ")
            .Append(drop > 0 ? $"half of that drop is reached by epoch {halfway}. " : "it does not fall. ")
            .Append(CultureInfo.InvariantCulture, $"Train accuracy ends at {LastTrain(c)} and test accuracy at {LastTest(c)} ({Points((last.ValidationAccuracy ?? 0) - last.TrainAccuracy)} test minus train); ")
            .Append(CultureInfo.InvariantCulture, $"test accuracy is above train accuracy in {testAbove} of {c.History.Count} epochs. ");
        if (runs.Count > 1)
        {
            int epochs = runs.Min(r => r.Curve.History.Count);
            double lossGap = Enumerable.Range(0, epochs).Max(e => runs.Max(r => r.Curve.History[e].Loss) - runs.Min(r => r.Curve.History[e].Loss));
            double accuracyGap = runs.Max(r => r.Curve.Last.ValidationAccuracy ?? 0) - runs.Min(r => r.Curve.Last.ValidationAccuracy ?? 0);
            text.Append(CultureInfo.InvariantCulture, $"The {runs.Count} implementations start from the same seed; ")
                .Append(lossGap == 0 && accuracyGap == 0
                    ? "their losses are identical at every epoch, and so are their final accuracies."
                    : string.Create(CultureInfo.InvariantCulture, $"their losses differ by at most {lossGap:G2} at any epoch and their final test accuracies by {Points(accuracyGap)}."));
        }

        return text.ToString();
    }

    private static void SweepSection(StringBuilder md, ReportResults results)
    {
        LearningCurveResult deep = results.DeepSweep.Curve;
        LearningCurveResult shallow = results.ShallowSweep.Curve;
        SweepSettings s = results.Plan.Sweep;
        md.AppendLine("## 2. Learning curves, deep vs. shallow (figures 3–4 and 7–8 of the homework)")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Settings: {TrainingSettings.EngineName(s.Engine)}, raw pixels, plain gradient descent at 1e-4 on the full batch of the first *n* training images; training stops when the loss changes by less than 0.005 between epochs, or after {s.MaxEpochs} epochs. Train accuracy is measured on those *n* images, test accuracy on all {results.Training[0].Curve.TestRows} test images, both with ML.NET's `MulticlassClassification.Evaluate` (micro accuracy).")
          .AppendLine()
          .AppendLine("| size | deep: epochs | deep: train | deep: test | shallow: epochs | shallow: train | shallow: test |")
          .AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < deep.Count; i++)
        {
            LearningCurvePoint d = deep[i];
            LearningCurvePoint h = shallow[i];
            md.AppendLine(CultureInfo.InvariantCulture, $"| {d.TrainingSize} | {d.Epochs} | {Percent(d.Train.MicroAccuracy)} | {Percent(d.Test.MicroAccuracy)} | {h.Epochs} | {Percent(h.Train.MicroAccuracy)} | {Percent(h.Test.MicroAccuracy)} |");
        }

        md.AppendLine()
          .AppendLine(SweepParagraph(deep, "deep", s.MaxEpochs)).AppendLine()
          .AppendLine(SweepParagraph(shallow, "shallow", s.MaxEpochs)).AppendLine();
        int shallowWins = Enumerable.Range(0, deep.Count).Count(i => shallow[i].Test.MicroAccuracy > deep[i].Test.MicroAccuracy);
        md.AppendLine(CultureInfo.InvariantCulture, $"**Deep vs. shallow.** The shallow network's test accuracy is higher than the deep one's at {shallowWins} of {deep.Count} sizes; at {deep[^1].TrainingSize} images the difference is {Points(shallow[^1].Test.MicroAccuracy - deep[^1].Test.MicroAccuracy)} (shallow minus deep).")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"![learning curve, deep]({results.DeepSweep.Figure}) ![learning curve, shallow]({results.ShallowSweep.Figure})")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"![learning curves, deep vs shallow]({results.OverlayFigure})")
          .AppendLine();
    }

    private static string SweepParagraph(LearningCurveResult curve, string network, int maxEpochs)
    {
        LearningCurvePoint first = curve[0];
        LearningCurvePoint last = curve[^1];
        int capped = curve.Count(p => p.StopReason == StopReason.MaxEpochs);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"**{Capitalized(network)} network.** At {first.TrainingSize} images it reaches {Percent(first.Train.MicroAccuracy)} on its training images and {Percent(first.Test.MicroAccuracy)} on the test set " +
            $"(gap {Points(first.Train.MicroAccuracy - first.Test.MicroAccuracy)}); at {last.TrainingSize} images {Percent(last.Train.MicroAccuracy)} and {Percent(last.Test.MicroAccuracy)} " +
            $"(gap {Points(last.Train.MicroAccuracy - last.Test.MicroAccuracy)}). Training took {curve.Min(p => p.Epochs)}–{curve.Max(p => p.Epochs)} epochs per size; " +
            $"{capped} of {curve.Count} sizes hit the cap of {maxEpochs} epochs instead of the stopping rule.");
    }

    private static void ModernSection(StringBuilder md, ReportResults results)
    {
        TrainingCurve modern = results.Modern.Curve;
        TrainingCurve homework = results.Training.First(r => r.Curve.Settings.Deep).Curve;
        md.AppendLine("## 3. The same deep network with today's defaults")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Settings: {modern.Settings.Describe()}; {modern.TrainRows} training images.")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"After {modern.History.Count} epochs ({Seconds(modern.Elapsed)}) the test accuracy is {LastTest(modern)}, against {LastTest(homework)} with the homework's settings ({Points((modern.Last.ValidationAccuracy ?? 0) - (homework.Last.ValidationAccuracy ?? 0))}). ")
          .AppendLine(CultureInfo.InvariantCulture, $"The best test accuracy of any epoch is {Percent(modern.History.Max(r => r.ValidationAccuracy ?? 0))} (epoch {modern.History.MaxBy(r => r.ValidationAccuracy ?? 0)!.Epoch}); the final train accuracy is {LastTrain(modern)}.")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"![loss, modern]({results.Modern.LossFigure}) ![accuracy, modern]({results.Modern.AccuracyFigure})")
          .AppendLine();
    }

    private static void CollapseSection(StringBuilder md, ReportResults results)
    {
        TrainingCurve identity = results.Collapse[0].Curve;
        TrainingCurve shallow = results.Collapse[1].Curve;
        TrainingCurve relu = results.Collapse[2].Curve;
        md.AppendLine("## 4. Q1.1 measured: a deep network without non-linearity")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Settings: {TrainingSettings.EngineName(identity.Settings.Engine)}, {identity.Settings.DescribeProtocol()}; {identity.TrainRows} training images. Three networks from the same seed:")
          .AppendLine()
          .AppendLine("| network | hidden activation | train accuracy | test accuracy |")
          .AppendLine("|---|---|---:|---:|");
        foreach (TrainingCurve c in new[] { identity, shallow, relu })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Settings.NetworkName} | {(c.Settings.Deep ? c.Settings.Activation.ToString() : "–")} | {LastTrain(c)} | {LastTest(c)} |");
        }

        double linearGain = (identity.Last.ValidationAccuracy ?? 0) - (shallow.Last.ValidationAccuracy ?? 0);
        double reluGain = (relu.Last.ValidationAccuracy ?? 0) - (shallow.Last.ValidationAccuracy ?? 0);
        md.AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Over the shallow network, two identity hidden layers change the test accuracy by {Points(linearGain)}; two ReLU hidden layers by {Points(reluGain)}. ")
          .AppendLine("With identity activations the deep network computes W3(W2(W1 x + b1) + b2) + b3, which is one affine map of x: it can represent nothing the shallow network cannot, so any difference from the shallow network comes from the optimizer's path, not from capacity.")
          .AppendLine();
    }

    private static void DeadReluSection(StringBuilder md, ReportResults results)
    {
        md.AppendLine("## 5. Q1.3 measured: dead ReLU units at a too-high learning rate")
          .AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"Settings: {results.DeadRelu[0].Curve.Settings.Describe()}; {results.DeadRelu[0].Curve.TrainRows} training images; repeated at {string.Join(" and ", results.Plan.DeadReluFactors.Select(f => f.ToString("0", CultureInfo.InvariantCulture) + "×"))} the learning rate. A unit is dead in an epoch when its output is 0 for every training image of that epoch, so it passes no gradient.")
          .AppendLine()
          .AppendLine("| learning rate | epochs run | dead in hidden layer 1 | dead in hidden layer 2 | most dead in layer 1 (any epoch) | test accuracy | outcome |")
          .AppendLine("|---:|---:|---:|---:|---:|---:|---|");
        foreach (RunOutcome run in results.DeadRelu)
        {
            TrainingCurve c = run.Curve;
            string outcome = c.Failure is null ? "finished" : "diverged: " + c.Failure;
            if (c.History.Count == 0)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Settings.LearningRate:G3} | 0 | – | – | – | – | {outcome} |");
                continue;
            }

            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Settings.LearningRate:G3} | {c.History.Count} | {Percent(DeadAt(c.Last, 0))} | {Percent(DeadAt(c.Last, 1))} | {Percent(c.History.Max(r => DeadAt(r, 0)))} | {LastTest(c)} | {outcome} |");
        }

        var finished = results.DeadRelu.Where(r => r.Curve.History.Count > 0).Select(r => r.Curve).ToList();
        if (finished.Count > 0)
        {
            double rate = results.DeadRelu[0].Curve.Settings.LearningRate;
            IEnumerable<string> facts = finished.Select(c => string.Create(
                CultureInfo.InvariantCulture,
                $"at {c.Settings.LearningRate / rate:0}× the homework's rate, {Percent(DeadAt(c.Last, 0))} of the first and {Percent(DeadAt(c.Last, 1))} of the second hidden layer are dead after the last epoch and the test accuracy is {LastTest(c)}"));
            md.AppendLine()
              .AppendLine(Capitalized(string.Join("; ", facts)) + ".");
            md.AppendLine()
              .AppendLine(DivergenceNote(finished));
        }

        md.AppendLine()
          .AppendLine(CultureInfo.InvariantCulture, $"![dead ReLU units per epoch]({results.DeadReluFigure})")
          .AppendLine();
    }

    private static void TimingSection(StringBuilder md, ReportResults results)
    {
        md.AppendLine("## 6. Timings")
          .AppendLine()
          .AppendLine("| run | epochs | wall time | CSV |")
          .AppendLine("|---|---:|---:|---|");
        IEnumerable<RunOutcome> runs = results.Training.Append(results.Modern).Concat(results.Collapse).Concat(results.DeadRelu);
        foreach (RunOutcome run in runs)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {run.Curve.Settings.Describe()} | {run.Curve.History.Count} | {Seconds(run.Curve.Elapsed)} | [{run.Csv}]({run.Csv}) |");
        }

        foreach (SweepOutcome sweep in new[] { results.DeepSweep, results.ShallowSweep })
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| learning curve, {(sweep.Deep ? "deep" : "shallow")}, {sweep.Curve.Count} sizes | {sweep.Curve.Sum(p => p.Epochs)} | {Seconds(sweep.Elapsed)} | [{sweep.Csv}]({sweep.Csv}) |");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"| **all experiments** | | **{Seconds(results.Elapsed)}** | |");
    }

    /// <summary>Where the trainer's default divergence rule, switched off for these runs, would have stopped each of them.</summary>
    private static string DivergenceNote(IReadOnlyList<TrainingCurve> runs)
    {
        double factor = TrainingOptions.DefaultDivergenceFactor;
        IEnumerable<string> stops = runs.Select(c =>
        {
            int epoch = c.History.ToList().FindIndex(r => r.Loss > factor * c.History[0].Loss) + 1;
            return epoch == 0
                ? string.Create(CultureInfo.InvariantCulture, $"at lr {c.Settings.LearningRate:G3} it never fires")
                : string.Create(CultureInfo.InvariantCulture, $"at lr {c.Settings.LearningRate:G3} the epoch loss first passes it at epoch {epoch} ({c.History[epoch - 1].Loss:G3} against {c.History[0].Loss:G3})");
        });
        return string.Create(
            CultureInfo.InvariantCulture,
            $"These runs turn the trainer's divergence rule off (`DivergenceFactor = ∞`) so that the collapse can be watched to the end; by default training stops with a `TrainingDivergedException` once a batch's loss exceeds {factor:#,0} × the loss before the first update. Here {string.Join("; ", stops)}.");
    }

    private static double DeadAt(EpochRecord record, int layer) =>
        record.DeadUnitFractions is { } d && layer < d.Count ? d[layer] : double.NaN;

    private static string LastLoss(TrainingCurve c) => c.History.Count == 0 ? "–" : Loss(c.Last.Loss);

    private static string LastTrain(TrainingCurve c) => c.History.Count == 0 ? "–" : Percent(c.Last.TrainAccuracy);

    private static string LastTest(TrainingCurve c) => c.History.Count == 0 ? "–" : Percent(c.Last.ValidationAccuracy ?? double.NaN);

    private static string Capitalized(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
