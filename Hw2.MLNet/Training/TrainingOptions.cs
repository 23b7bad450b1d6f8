using Hw2.MLNet.Gradients;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Training;

/// <summary>Settings of <see cref="TrainingLoop"/>. Defaults are the homework's: full-batch gradient descent.</summary>
public sealed class TrainingOptions
{
    /// <summary>Epochs to run (≥ 1). Default 100.</summary>
    public int MaxEpochs { get; init; } = 100;

    /// <summary>Step size η (&gt; 0). Default 1e-4, the homework's rate for raw 0..255 pixels.</summary>
    public float LearningRate { get; init; } = 1e-4f;

    /// <summary>Rows per minibatch; ≤ 0 means the whole training set in one batch (the homework's <c>-m -1</c>). Default −1.</summary>
    public int BatchSize { get; init; } = -1;

    /// <summary>Seed of the per-epoch shuffle. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How gradients are computed. Default <see cref="GradientEngine.Backprop"/>.</summary>
    public GradientEngine Engine { get; init; } = GradientEngine.Backprop;

    /// <summary>The update rule; null means <see cref="GradientDescent"/>.</summary>
    public IOptimizer? Optimizer { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxEpochs < 1)
        {
            throw new ArgumentException($"{nameof(MaxEpochs)} must be at least 1 but is {MaxEpochs}.", nameof(MaxEpochs));
        }

        if (!(LearningRate > 0f) || !float.IsFinite(LearningRate))
        {
            throw new ArgumentException($"{nameof(LearningRate)} must be a positive finite number but is {LearningRate}.", nameof(LearningRate));
        }

        if (!Enum.IsDefined(Engine))
        {
            throw new ArgumentException($"{nameof(Engine)} {Engine} is not a known gradient engine.", nameof(Engine));
        }
    }
}
