using System.Diagnostics;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Terminal;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>Runs every experiment of a <see cref="ReportPlan"/>, adding each CSV and figure to the run's <see cref="OutputSet"/> as it finishes.</summary>
internal static class ReportRunner
{
    /// <summary>Runs the plan on <paramref name="raw"/> (pixels 0..255) and <paramref name="unit"/> (pixels /255) views of the same data.</summary>
    public static ReportResults Run(MLContext mlContext, ExperimentData raw, ExperimentData unit, ReportPlan plan, OutputSet outputs, IProgressBoard board, CancellationToken cancellation)
    {
        long start = Stopwatch.GetTimestamp();
        ExperimentData DataFor(TrainingSettings s) => s.Scale == raw.Scale ? raw : unit;

        RunOutcome Train(TrainingSettings settings, string stem, string title, bool figures)
        {
            TrainingCurve curve = TrainingExperiment.Run(mlContext, DataFor(settings), settings, board, title, cancellation);
            string csv = outputs.WriteText(stem + ".csv", curve.ToCsv());
            if (!figures || curve.History.Count == 0)
            {
                return new RunOutcome(curve, csv, null, null);
            }

            (string loss, string accuracy) = Figures.TrainingCurves(curve, outputs, stem);
            return new RunOutcome(curve, csv, loss, accuracy);
        }

        var training = new List<RunOutcome>();
        foreach (bool deep in new[] { true, false })
        {
            foreach (Gradients.GradientEngine engine in plan.Engines)
            {
                TrainingSettings settings = plan.Training with { Engine = engine, Deep = deep };
                string name = $"{settings.NetworkName}-{engine.ToString().ToLowerInvariant()}";
                training.Add(Train(settings, "training-" + name, $"homework, {settings.NetworkName}, {TrainingSettings.EngineName(engine)}", figures: true));
            }
        }

        SweepOutcome Sweep(bool deep)
        {
            (Evaluation.LearningCurveResult curve, TimeSpan elapsed) = SweepExperiment.Run(mlContext, raw, plan.Sweep, deep, board, cancellation);
            string csv = outputs.WriteText($"learning-curve-{(deep ? "deep" : "shallow")}.csv", curve.ToCsv());
            return new SweepOutcome(deep, curve, elapsed, csv, Figures.LearningCurve(curve, deep, plan.Sweep, outputs));
        }

        SweepOutcome deepSweep = Sweep(deep: true);
        SweepOutcome shallowSweep = Sweep(deep: false);
        string overlay = Figures.LearningCurveOverlay(deepSweep.Curve, shallowSweep.Curve, plan.Sweep, outputs);

        RunOutcome modern = Train(plan.Modern, "modern-deep", "modern: Adam, minibatch, pixels/255", figures: true);
        var collapse = plan.CollapseRuns()
            .Select(s => Train(s, $"collapse-{s.NetworkName}-{s.Activation.ToString().ToLowerInvariant()}", $"Q1.1: {s.NetworkName}, {s.Activation}", figures: false))
            .ToList();
        var dead = plan.DeadReluRuns()
            .Select((s, i) => Train(s, $"dead-relu-lr{(i == 0 ? 1 : plan.DeadReluFactors[i - 1]):0}x", $"Q1.3: learning rate {s.LearningRate:G3}", figures: false))
            .ToList();
        string deadFigure = Figures.DeadUnits(dead.Select(d => d.Curve).ToList(), outputs);

        return new ReportResults(raw.Name, plan, training, deepSweep, shallowSweep, overlay, modern, collapse, dead, deadFigure, Stopwatch.GetElapsedTime(start));
    }
}
