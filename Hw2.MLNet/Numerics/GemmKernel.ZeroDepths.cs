using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// Densest sample (share of an A panel's depth steps with any non-zero of its MR rows) for which a product skips its
    /// zero depth steps. MNIST's pixels: 43 % of six images' depth steps (the forward X·W1), 34 % of six adjacent pixels'
    /// (the weight gradient Xᵀ·δ1); a ReLU layer's panels are nearly all dense.
    /// </summary>
    internal const float ZeroDepthsMaxDensity = 0.6f;

    /// <summary>Depth steps of a transposed A sampled to decide (its first rows as stored).</summary>
    private const int ZeroDepthsSampleDepth = 64;

    /// <summary>Panels of A sampled to decide: about 1.5 µs for a 128-row ReLU layer on the AMD EPYC Zen 4, where its product takes 40–160 µs.</summary>
    private const int ZeroDepthsSamplePanels = 8;

    /// <summary>Whether sparse A panels skip their zero depth steps (on by default; tests turn it off to compare with the dense kernels).</summary>
    internal static bool UseZeroDepthSkipping { get; set; } = true;

    /// <summary>
    /// True when the product's A panels list their non-zero depth steps (<see cref="DepthLists"/>): a product large
    /// enough for the cores on AVX2 + FMA hardware, not one row at a time, whose sampled A panels are at most
    /// <see cref="ZeroDepthsMaxDensity"/> non-zero. A zero of A adds exactly nothing to a sum (for finite B), so the
    /// numbers are the dense kernels' bit for bit; what changes is the work, which follows the panels' non-zero steps.
    /// Such a product is not swapped into Cᵀ = op(B)ᵀ·op(A)ᵀ (<see cref="SwappingPacksLess"/>): the weight gradient
    /// Xᵀ·δ1 packs X to list its panels' steps, and a beta·C then enters the sums before the first K block instead of
    /// after the last.
    /// </summary>
    internal static bool TakesZeroDepthSkipping(int m, int n, int k, GemmOperand a)
    {
        if (!UseZeroDepthSkipping || !Fma.IsSupported || !Avx2.IsSupported || m < 2 * MR || n < NR || k < NR || (long)m * n * k < ParallelThreshold)
        {
            return false;
        }

        int panels = Math.Min(m / MR, ZeroDepthsSamplePanels);
        int depth = Math.Min(k, a.Transposed ? ZeroDepthsSampleDepth : KC);
        int* list = stackalloc int[DepthLists.Stride];
        long nonZero = 0;
        fixed (float* aData = a.Data)
        {
            float* origin = aData + a.Offset;
            for (int panel = 0; panel < panels; panel++)
            {
                if (a.Transposed)
                {
                    nonZero += DepthLists.CountColumns(origin + (panel * MR), a.Stride, depth);
                }
                else
                {
                    DepthLists.FillRows(list, origin + ((long)panel * MR * a.Stride), a.Stride, 1, depth);
                    nonZero += DepthLists.Count(list);
                }
            }
        }

        return nonZero <= ZeroDepthsMaxDensity * panels * depth;
    }

    /// <summary>
    /// <see cref="MicroKernelPair"/> over the listed depth steps of the A panel only (<paramref name="depths"/>, in
    /// increasing order): the same multiply-adds in the same order, less those with a zero of A in all six rows. With
    /// <paramref name="next"/> (the next tile's rows of an in-place A), two cache lines of each of its rows are fetched
    /// ahead per 16 listed steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelPairSparse(int* depths, int count, float* pa, nint rowStride, nint depthStride, float* pb, nint nextPanel, nint bDepthStride, float* c, int ldc, int mr, float beta, in TileEpilogue epilogue, float* next, int kc)
    {
        PrefetchTile(c, ldc, mr, PairColumns);

        nint rowStride2 = 2 * rowStride;
        nint rowStride3 = 3 * rowStride;
        int line = 0;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int q0 = 0; q0 < count; q0 += PrefetchStepDepth)
        {
            PrefetchListedRows(next, rowStride, ref line, kc);

            int end = Math.Min(q0 + PrefetchStepDepth, count);
            for (int q = q0; q < end; q++)
            {
                nint p = depths[q];
                float* b = pb + (p * bDepthStride);
                float* a0 = pa + (p * depthStride);
                float* a3 = a0 + rowStride3;
                Vector512<float> b0 = Vector512.Load(b);
                Vector512<float> b1 = Vector512.Load(b + nextPanel);
                Vector512<float> a = Vector512.Create(a0[0]);
                c00 = Avx512F.FusedMultiplyAdd(a, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a, b1, c01);
                a = Vector512.Create(a0[rowStride]);
                c10 = Avx512F.FusedMultiplyAdd(a, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a, b1, c11);
                a = Vector512.Create(a0[rowStride2]);
                c20 = Avx512F.FusedMultiplyAdd(a, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a, b1, c21);
                a = Vector512.Create(a3[0]);
                c30 = Avx512F.FusedMultiplyAdd(a, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a, b1, c31);
                a = Vector512.Create(a3[rowStride]);
                c40 = Avx512F.FusedMultiplyAdd(a, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a, b1, c41);
                a = Vector512.Create(a3[rowStride2]);
                c50 = Avx512F.FusedMultiplyAdd(a, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a, b1, c51);
            }
        }

        StoreTilePair(c, ldc, mr, beta, epilogue, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// The listed kernels' prefetch, once per 16 listed steps: two cache lines of each of the next tile's rows
    /// (<paramref name="next"/>, none when null), from <paramref name="line"/> on until the K block's depth is covered.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchListedRows(float* next, nint rowStride, ref int line, int kc)
    {
        if (next != null && line < kc)
        {
            PrefetchRows(next + line, rowStride);
            PrefetchRows(next + line + PrefetchStepDepth, rowStride);
            line += 2 * PrefetchStepDepth;
        }
    }

    /// <summary>
    /// <see cref="MicroKernel"/> over the listed depth steps of the A panel only, as <see cref="MicroKernelPairSparse"/>
    /// is to <see cref="MicroKernelPair"/>: the same numbers as the dense kernel, an edge tile (<paramref name="nr"/>
    /// &lt; NR, or <paramref name="mr"/> &lt; MR of a zero-padded packed panel) stored the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelSparse(int* depths, int count, float* pa, nint rowStride, nint depthStride, float* pb, nint bDepthStride, float* c, int ldc, int mr, int nr, float beta, in TileEpilogue epilogue, float* next, int kc)
    {
        PrefetchTile(c, ldc, mr, NR);

        nint rowStride2 = 2 * rowStride;
        nint rowStride3 = 3 * rowStride;
        int line = 0;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int q0 = 0; q0 < count; q0 += PrefetchStepDepth)
        {
            PrefetchListedRows(next, rowStride, ref line, kc);

            int end = Math.Min(q0 + PrefetchStepDepth, count);
            for (int q = q0; q < end; q++)
            {
                nint p = depths[q];
                float* b = pb + (p * bDepthStride);
                float* a0 = pa + (p * depthStride);
                float* a3 = a0 + rowStride3;
                Vector256<float> b0 = Vector256.Load(b);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> a = Vector256.Create(a0[0]);
                c00 = Fma.MultiplyAdd(a, b0, c00);
                c01 = Fma.MultiplyAdd(a, b1, c01);
                a = Vector256.Create(a0[rowStride]);
                c10 = Fma.MultiplyAdd(a, b0, c10);
                c11 = Fma.MultiplyAdd(a, b1, c11);
                a = Vector256.Create(a0[rowStride2]);
                c20 = Fma.MultiplyAdd(a, b0, c20);
                c21 = Fma.MultiplyAdd(a, b1, c21);
                a = Vector256.Create(a3[0]);
                c30 = Fma.MultiplyAdd(a, b0, c30);
                c31 = Fma.MultiplyAdd(a, b1, c31);
                a = Vector256.Create(a3[rowStride]);
                c40 = Fma.MultiplyAdd(a, b0, c40);
                c41 = Fma.MultiplyAdd(a, b1, c41);
                a = Vector256.Create(a3[rowStride2]);
                c50 = Fma.MultiplyAdd(a, b0, c50);
                c51 = Fma.MultiplyAdd(a, b1, c51);
            }
        }

        StoreTile(c, ldc, mr, nr, beta, epilogue, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }
}

/// <summary>
/// Per A panel (MR rows) of one K block, the depth steps at which any of its rows is non-zero, in increasing order:
/// one segment of <see cref="Stride"/> ints per panel, the count first, then the steps (0 to kc − 1). A value is
/// taken as zero only when all its bits are (−0 and NaN are listed), so skipping the others changes no sum.
/// </summary>
internal static unsafe class DepthLists
{
    /// <summary>Ints per panel's segment: the count and up to <see cref="GemmKernel.KC"/> depth steps.</summary>
    public const int Stride = GemmKernel.KC + 1;

    /// <summary>Ints for the segments of a row block of <paramref name="rows"/> rows.</summary>
    public static int Length(int rows) => (rows + GemmKernel.MR - 1) / GemmKernel.MR * Stride;

    /// <summary>
    /// Whether a panel with <paramref name="count"/> of <paramref name="kc"/> steps listed runs over its list: unless
    /// every step is listed, as a listed step costs what a dense one does (MNIST's Xᵀ·δ1 and X·W1 at 1250–9250 rows ran
    /// 1–12 % faster this way than with the panels over three quarters listed left to the dense kernels; AMD EPYC Zen 4).
    /// </summary>
    public static bool Pays(int count, int kc) => count < kc;

    /// <summary>Listed steps of a segment.</summary>
    public static int Count(int* list) => list[0];

    /// <summary>The steps of a segment.</summary>
    public static int* Depths(int* list) => list + 1;

    /// <summary>Empties the first <paramref name="panels"/> segments (none when <paramref name="lists"/> is null).</summary>
    public static void Clear(int* lists, int panels)
    {
        for (int panel = 0; lists != null && panel < panels; panel++)
        {
            lists[panel * Stride] = 0;
        }
    }

    /// <summary>Appends step <paramref name="p"/> to a segment when <paramref name="nonZero"/> (without a branch).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Append(int* list, int p, bool nonZero)
    {
        int count = list[0];
        list[1 + count] = p;
        list[0] = count + (nonZero ? 1 : 0);
    }

    /// <summary>Whether any of the MR values from <paramref name="first"/>, <paramref name="step"/> floats apart, has a bit set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyBits(float* first, nint step)
    {
        uint* v = (uint*)first;
        return (v[0] | v[step] | v[2 * step] | v[3 * step] | v[4 * step] | v[5 * step]) != 0;
    }

    /// <summary>
    /// Lists the non-zero steps of <paramref name="panels"/> full panels of a row-major A read in place (rows
    /// <paramref name="lda"/> apart, each contiguous along depth from <paramref name="origin"/>), eight steps at a time
    /// by the bitwise OR of the six rows; nothing when <paramref name="lists"/> is null.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FillRows(int* lists, float* origin, nint lda, int panels, int kc)
    {
        for (int panel = 0; lists != null && panel < panels; panel++)
        {
            uint* r0 = (uint*)(origin + (panel * GemmKernel.MR * lda));
            uint* r3 = r0 + (3 * lda);
            nint lda2 = 2 * lda;
            int* list = lists + (panel * Stride);
            int* depths = list + 1;
            int count = 0;
            int p = 0;
            for (; p + 8 <= kc; p += 8)
            {
                Vector256<uint> any = Vector256.Load(r0 + p) | Vector256.Load(r0 + lda + p) | Vector256.Load(r0 + lda2 + p)
                    | Vector256.Load(r3 + p) | Vector256.Load(r3 + lda + p) | Vector256.Load(r3 + lda2 + p);
                uint mask = ~Vector256.Equals(any, Vector256<uint>.Zero).ExtractMostSignificantBits() & 0xFFu;
                // Eight ints stored from the count on: never past step p + 7 of kc, as the count is at most p.
                count += SetBitPositions.Store(depths + count, mask, p);
            }

            for (; p < kc; p++)
            {
                depths[count] = p;
                count += AnyBits((float*)(r0 + p), lda) ? 1 : 0;
            }

            list[0] = count;
        }
    }

    /// <summary>
    /// Depth steps of one panel of a transposed A (MR adjacent columns of the stored K × M matrix, from
    /// <paramref name="column"/>) with a non-zero in their MR values, over the first <paramref name="depth"/> stored rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CountColumns(float* column, nint lda, int depth)
    {
        int count = 0;
        for (int p = 0; p < depth; p++)
        {
            count += AnyBits(column + (p * lda), 1) ? 1 : 0;
        }

        return count;
    }
}
