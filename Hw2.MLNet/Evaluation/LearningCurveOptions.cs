namespace Hw2.MLNet.Evaluation;

/// <summary>Settings of <see cref="LearningCurve.Run"/>.</summary>
public sealed class LearningCurveOptions
{
    /// <summary>Training-set sizes, increasing; null uses <see cref="HomeworkProtocol.LearningCurveSizes"/>.</summary>
    public IReadOnlyList<int>? Sizes { get; set; }

    /// <summary>Take each size from a seeded shuffle of the training rows instead of the first rows. Default false.</summary>
    public bool SampleRandomly { get; set; }

    /// <summary>Seed of that shuffle. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Receives every point as it finishes.</summary>
    public IProgress<LearningCurvePoint>? Progress { get; set; }
}
