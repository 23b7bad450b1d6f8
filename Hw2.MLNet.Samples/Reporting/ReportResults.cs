using Hw2.MLNet.Evaluation;
using Hw2.MLNet.Samples.Experiments;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>One sweep's outcome and the figure drawn from it.</summary>
internal sealed record SweepOutcome(bool Deep, LearningCurveResult Curve, TimeSpan Elapsed, string Csv, string Figure);

/// <summary>One training run's outcome and the files written for it.</summary>
internal sealed record RunOutcome(TrainingCurve Curve, string Csv, string? LossFigure, string? AccuracyFigure);

/// <summary>Everything the report shows, in the order it shows it.</summary>
internal sealed record ReportResults(
    string Dataset,
    ReportPlan Plan,
    IReadOnlyList<RunOutcome> Training,
    SweepOutcome DeepSweep,
    SweepOutcome ShallowSweep,
    string OverlayFigure,
    RunOutcome Modern,
    IReadOnlyList<RunOutcome> Collapse,
    IReadOnlyList<RunOutcome> DeadRelu,
    string DeadReluFigure,
    TimeSpan Elapsed);
