using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

/// <summary>
/// What a product does to each finished element of C before storing it: add a bias row (<c>C[i, j] += bias[j]</c>),
/// then clamp at zero (ReLU). When the product runs by row blocks it is applied to the micro-tile in registers after
/// the last depth block, so a layer's output is written once instead of once per pass (measured in BENCHMARKS.md,
/// <i>GEMM constants</i>); other paths call <see cref="Apply"/> over C afterwards.
/// </summary>
/// <param name="Bias">The bias row, or null.</param>
/// <param name="BiasOffset">Index of the bias of column 0.</param>
/// <param name="Relu">Clamp at zero.</param>
internal readonly record struct GemmEpilogue(float[]? Bias, int BiasOffset, bool Relu)
{
    /// <summary>Applies the epilogue to the m × n matrix C in place.</summary>
    public void Apply(int m, int n, GemmOperand c)
    {
        if (Bias is null && !Relu)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Data.AsSpan(c.Offset + (i * c.Stride), n);
            for (int j = 0; j < n; j++)
            {
                row[j] = Finish(row[j], j);
            }
        }
    }

    /// <summary>The epilogue of an element of column <paramref name="j"/> whose product value is <paramref name="value"/>.</summary>
    public float Finish(float value, int j)
    {
        if (Bias is not null)
        {
            value += Bias[BiasOffset + j];
        }

        return Relu ? MathF.Max(value, 0f) : value;
    }
}

/// <summary>The epilogue of one micro-tile: a pointer to the bias of its first column (null for none) and the ReLU flag.</summary>
internal readonly unsafe struct TileEpilogue
{
    private readonly float* bias;
    private readonly bool relu;

    public TileEpilogue(float* bias, bool relu)
    {
        this.bias = bias;
        this.relu = relu;
    }

    /// <summary>Finishes 16 values of a tile row (columns 0–7 in lo, 8–15 in hi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(ref Vector256<float> lo, ref Vector256<float> hi)
    {
        if (bias != null)
        {
            lo += Vector256.Load(bias);
            hi += Vector256.Load(bias + 8);
        }

        if (relu)
        {
            lo = Vector256.Max(lo, Vector256<float>.Zero);
            hi = Vector256.Max(hi, Vector256<float>.Zero);
        }
    }

    /// <summary>Finishes 16 values of a tile row, columns <paramref name="column"/> to <paramref name="column"/> + 15.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(ref Vector512<float> values, int column)
    {
        if (bias != null)
        {
            values += Vector512.Load(bias + column);
        }

        if (relu)
        {
            values = Vector512.Max(values, Vector512<float>.Zero);
        }
    }

    /// <summary>
    /// <see cref="Finish(ref Vector512{float}, int)"/> for a vector of which only the lanes set in <paramref name="mask"/>
    /// are columns of C: the bias is read under the mask, so nothing past the bias row is touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(ref Vector512<float> values, int column, Vector512<float> mask)
    {
        if (bias != null)
        {
            values += Avx512F.MaskLoad(bias + column, mask, default);
        }

        if (relu)
        {
            values = Vector512.Max(values, Vector512<float>.Zero);
        }
    }

    /// <summary>
    /// <see cref="Finish(ref Vector256{float}, ref Vector256{float})"/>, with the bias read under the masks when
    /// <paramref name="masked"/> (lanes past C's last column).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Finish(ref Vector256<float> lo, ref Vector256<float> hi, bool masked, Vector256<float> loMask, Vector256<float> hiMask)
    {
        if (!masked)
        {
            Finish(ref lo, ref hi);
            return;
        }

        if (bias != null)
        {
            lo += Avx.MaskLoad(bias, loMask);
            hi += Avx.MaskLoad(bias + 8, hiMask);
        }

        if (relu)
        {
            lo = Vector256.Max(lo, Vector256<float>.Zero);
            hi = Vector256.Max(hi, Vector256<float>.Zero);
        }
    }

    /// <summary>The epilogue of the tile <paramref name="columns"/> columns to the right.</summary>
    public TileEpilogue Shifted(int columns) => new(bias == null ? null : bias + columns, relu);

    /// <summary>Finishes one value of the tile's column <paramref name="column"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Finish(float value, int column)
    {
        if (bias != null)
        {
            value += bias[column];
        }

        return relu ? MathF.Max(value, 0f) : value;
    }
}
