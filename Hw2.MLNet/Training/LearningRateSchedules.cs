namespace Hw2.MLNet.Training;

/// <summary>The learning rate of each epoch, from the base rate.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The rate for 1-based <paramref name="epoch"/>.</summary>
    float RateAt(int epoch, float baseRate);
}

/// <summary>Step decay: <c>η_e = η · factor^⌊(e − 1) / every⌋</c> — the rate is multiplied by <c>factor</c> every <c>every</c> epochs.</summary>
public sealed class StepDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public StepDecaySchedule(int every, float factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        if (!(factor > 0f && factor <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must be in (0, 1].");
        }

        Every = every;
        Factor = factor;
    }

    /// <summary>Epochs between two decays.</summary>
    public int Every { get; }

    /// <summary>Multiplier applied at each decay.</summary>
    public float Factor { get; }

    /// <inheritdoc />
    public float RateAt(int epoch, float baseRate) => baseRate * MathF.Pow(Factor, (epoch - 1) / Every);

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"StepDecaySchedule(every {Every}, factor {Factor})");
}

/// <summary>
/// Cosine decay from the base rate to <c>minimum</c> over <c>epochs</c> epochs:
/// <c>η_e = min + (η − min) · (1 + cos(π · (e − 1) / epochs)) / 2</c>; epochs past the end use <c>min</c>.
/// </summary>
public sealed class CosineDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public CosineDecaySchedule(int epochs, float minimum = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        Epochs = epochs;
        Minimum = minimum;
    }

    /// <summary>Length of the decay.</summary>
    public int Epochs { get; }

    /// <summary>Final rate.</summary>
    public float Minimum { get; }

    /// <inheritdoc />
    public float RateAt(int epoch, float baseRate)
    {
        double progress = Math.Min(1.0, (epoch - 1) / (double)Epochs);
        return (float)(Minimum + ((baseRate - Minimum) * (1 + Math.Cos(Math.PI * progress)) / 2));
    }

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"CosineDecaySchedule over {Epochs} epochs to {Minimum}");
}
