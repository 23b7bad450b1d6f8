using Hw2.MLNet.Activations;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Samples.Experiments;

namespace Hw2.MLNet.Samples.Reporting;

/// <summary>What the report runs. <see cref="Homework"/> is the real one; tests shrink the sizes.</summary>
/// <param name="Training">The homework's training run, repeated for every engine and both networks.</param>
/// <param name="Engines">The implementations compared.</param>
/// <param name="Sweep">The learning-curve sweep, run for both networks.</param>
/// <param name="Modern">A run with today's defaults.</param>
/// <param name="Collapse">Settings of the identity-vs-shallow experiment (run deep with identity, shallow, and deep with ReLU).</param>
/// <param name="DeadRelu">Settings of the dead-ReLU experiment at the homework's rate; it is repeated at each of <see cref="DeadReluFactors"/> times the rate.</param>
/// <param name="DeadReluFactors">How much larger the other rates are.</param>
internal sealed record ReportPlan(
    TrainingSettings Training,
    IReadOnlyList<GradientEngine> Engines,
    SweepSettings Sweep,
    TrainingSettings Modern,
    TrainingSettings Collapse,
    TrainingSettings DeadRelu,
    IReadOnlyList<float> DeadReluFactors)
{
    /// <summary>
    /// The homework's experiments with its settings, a modern run, and the two Q1 experiments sized to keep the whole
    /// report within a few minutes on two cores. The dead-ReLU rates are 10× and 100× the homework's: measured here,
    /// 10× still trains (better than 1×), 100× kills the network. The dead-ReLU runs turn the trainer's divergence rule
    /// off, because watching the network die is the experiment (the report says where the rule would have stopped it).
    /// </summary>
    public static ReportPlan Homework { get; } = new(
        TrainingSettings.Homework,
        [GradientEngine.Modules, GradientEngine.Autograd, GradientEngine.Backprop],
        SweepSettings.Homework,
        TrainingSettings.Modern,
        TrainingSettings.Modern with { MaxEpochs = 3, MaxExamples = 20000 },
        TrainingSettings.Homework with { MaxEpochs = 30, MaxExamples = 10000, DivergenceFactor = double.PositiveInfinity },
        [10f, 100f]);

    /// <summary>The plan with every run and sweep seeded by <paramref name="seed"/>.</summary>
    public ReportPlan WithSeed(int seed) => this with
    {
        Training = Training with { Seed = seed },
        Sweep = Sweep with { Seed = seed },
        Modern = Modern with { Seed = seed },
        Collapse = Collapse with { Seed = seed },
        DeadRelu = DeadRelu with { Seed = seed },
    };

    /// <summary>The three networks of the collapse experiment: deep with identity activations, shallow, deep with ReLU.</summary>
    public IReadOnlyList<TrainingSettings> CollapseRuns() =>
    [
        Collapse with { Deep = true, Activation = HiddenActivation.Identity },
        Collapse with { Deep = false },
        Collapse with { Deep = true, Activation = HiddenActivation.Relu },
    ];

    /// <summary>The runs of the dead-ReLU experiment: the homework's rate, then each factor times it.</summary>
    public IReadOnlyList<TrainingSettings> DeadReluRuns() =>
        [DeadRelu, .. DeadReluFactors.Select(f => DeadRelu with { LearningRate = DeadRelu.LearningRate * f })];
}
