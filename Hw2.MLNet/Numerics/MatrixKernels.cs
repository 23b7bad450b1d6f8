using System.Numerics.Tensors;

namespace Hw2.MLNet.Numerics;

/// <summary>A function from one row to another of the same length (the spans may be the same).</summary>
internal delegate void RowFunction(ReadOnlySpan<float> source, Span<float> destination);

/// <summary>The row/column kernels every gradient engine shares besides <see cref="Gemm"/>.</summary>
internal static class MatrixKernels
{
    /// <summary>Adds <paramref name="bias"/> to every row of <paramref name="z"/> (bias broadcast).</summary>
    public static void AddRowVector(Matrix z, ReadOnlySpan<float> bias)
    {
        ArgumentNullException.ThrowIfNull(z);
        RequireLength(bias.Length, z.Cols, nameof(bias));
        for (int r = 0; r < z.Rows; r++)
        {
            Span<float> row = z.Row(r);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary><c>sums = Σ_rows source + beta · sums</c>: the bias gradient of a batch.</summary>
    public static void ColumnSums(Matrix source, Span<float> sums, float beta = 0f)
    {
        ArgumentNullException.ThrowIfNull(source);
        RequireLength(sums.Length, source.Cols, nameof(sums));
        if (beta == 0f)
        {
            sums.Clear();
        }
        else if (beta != 1f)
        {
            TensorPrimitives.Multiply(sums, beta, sums);
        }

        for (int r = 0; r < source.Rows; r++)
        {
            TensorPrimitives.Add(sums, source.Row(r), sums);
        }
    }

    /// <summary><c>target = source + beta · target</c>, element-wise, for two matrices of one shape.</summary>
    public static void AddScaled(Matrix source, Matrix target, float beta)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        target.RequireSameShape(source, nameof(source));
        if (beta == 0f)
        {
            source.Span.CopyTo(target.Span);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(target.Span, beta, source.Span, target.Span);
        }
    }

    /// <summary>Applies <paramref name="function"/> to each row of <paramref name="source"/>, writing the same row of <paramref name="destination"/>.</summary>
    public static void MapRows(Matrix source, Matrix destination, RowFunction function)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(function);
        destination.RequireSameShape(source, nameof(destination));
        for (int r = 0; r < source.Rows; r++)
        {
            function(source.Row(r), destination.Row(r));
        }
    }

    internal static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected length {expected} but got {actual}.", name);
        }
    }
}
