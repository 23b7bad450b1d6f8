namespace Hw2.MLNet.Numerics;

/// <summary>
/// The A panels of a matrix whose values stay as they are while it is multiplied again and again: the full batch of
/// full-batch training, the left operand of the first layer's two products in every epoch. A product that lists the
/// non-zero depth steps of its A panels (<see cref="GemmOperand.SkipsZeroDepths"/>) lists them, and for Aᵀ packs the
/// panels, on every call; with a matrix made by <see cref="Matrix.AsFixed"/> the first such product does it for every K
/// block at once and the later ones read the result. The numbers are the same bit for bit: the same panels and lists,
/// read instead of made. Only the owner of the matrix may make it fixed, and nothing may write to it after that.
/// </summary>
internal sealed class FixedPanels
{
    /// <summary>
    /// Most values of a matrix whose panels are kept: a transposed layout holds a copy of the matrix and each layout its
    /// lists (a sixth of it again), so a full batch of the learning-curve sweep (at most 9250 MNIST images, 7.3 million
    /// values) is kept and one of 60000 images (full-batch training's peak memory, BENCHMARKS.md) is not.
    /// </summary>
    internal const long MaxValues = 1L << 23;

    private readonly object gate = new();
    private readonly Matrix matrix;
    private PanelLayout? rowMajor;
    private PanelLayout? transposed;

    private FixedPanels(Matrix matrix) => this.matrix = matrix;

    /// <summary>Panels for the values of <paramref name="matrix"/>, or null past <see cref="MaxValues"/>.</summary>
    internal static FixedPanels? For(Matrix matrix) => matrix.Length <= MaxValues ? new FixedPanels(matrix) : null;

    /// <summary>
    /// The layout for <paramref name="a"/> (this matrix, or a K slice of it, as op(A)), made on the first call for its
    /// orientation; null for an operand of another storage or row stride.
    /// </summary>
    internal PanelLayout? LayoutFor(GemmOperand a)
    {
        if (!ReferenceEquals(a.Data, matrix.Data) || a.Stride != matrix.Cols)
        {
            return null;
        }

        lock (gate)
        {
            return a.Transposed ? transposed ??= PanelLayout.Transposed(matrix) : rowMajor ??= PanelLayout.RowMajor(matrix);
        }
    }
}
