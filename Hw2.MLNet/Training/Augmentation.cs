using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Training;

/// <summary>
/// A label-preserving change of the training rows, drawn afresh for every row of every batch (seeded) and never
/// applied at scoring, validation or monitoring. <see cref="RandomShift"/> is the one this library ships.
/// </summary>
public abstract class Augmentation
{
    private protected Augmentation()
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> when rows of <paramref name="featureCount"/> features cannot be augmented this way.</summary>
    internal abstract void CheckFeatureCount(int featureCount);

    /// <summary>Writes an augmented copy of every row of <paramref name="source"/> to the same row of <paramref name="destination"/>.</summary>
    internal abstract void Apply(Matrix source, Matrix destination, Random random);
}
