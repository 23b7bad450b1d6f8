using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// The micro-kernel on AVX-512 hardware (<see cref="UseTilePairs"/>): two adjacent full tiles, MR × 2·NR, at once. The
    /// second B panel starts <paramref name="nextPanel"/> floats after the first (NR in place, kc·NR packed), so the packed
    /// layouts are those of <see cref="MicroKernel"/>; each depth step is one 512-bit row of each panel, six broadcasts and
    /// 12 fused multiply-adds on 16 floats, into 12 accumulators. Every element of C gets the same multiply-adds in the same
    /// order as in <see cref="MicroKernel"/>, so the two give the same numbers. A packed A panel is zero-padded to MR rows,
    /// so a tile of <paramref name="mr"/> &lt; MR rows (the shallow net's 10-row δᵀ·X) runs here too and stores its mr rows
    /// only; an in-place A's short tile cannot (the rows past it may lie past the end of A).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelPair(int kc, float* pa, nint rowStride, nint depthStride, float* pb, nint nextPanel, nint bDepthStride, float* c, int ldc, int mr, float beta, in TileEpilogue epilogue, bool prefetchNextRows, bool prefetchBAhead)
    {
        PrefetchTile(c, ldc, mr, PairColumns);

        float* pa3 = pa + (3 * rowStride);
        nint rowStride2 = 2 * rowStride;
        float* next = prefetchNextRows ? pa + (MR * rowStride) : null;
        nint bAhead = prefetchBAhead ? BPrefetchAheadFloats : 0;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p0 = 0; p0 < kc; p0 += PrefetchStepDepth)
        {
            if (next != null)
            {
                PrefetchRows(next + p0, rowStride);
            }

            float* pbEnd = pb + (Math.Min(PrefetchStepDepth, kc - p0) * bDepthStride);
            if (bAhead != 0)
            {
                PrefetchB(pb + bAhead, pbEnd + bAhead, bDepthStride, PairColumns);
            }

            for (; pb < pbEnd; pb += bDepthStride)
            {
                Vector512<float> b0 = Vector512.Load(pb);
                Vector512<float> b1 = Vector512.Load(pb + nextPanel);
                Vector512<float> a = Vector512.Create(pa[0]);
                c00 = Avx512F.FusedMultiplyAdd(a, b0, c00);
                c01 = Avx512F.FusedMultiplyAdd(a, b1, c01);
                a = Vector512.Create(pa[rowStride]);
                c10 = Avx512F.FusedMultiplyAdd(a, b0, c10);
                c11 = Avx512F.FusedMultiplyAdd(a, b1, c11);
                a = Vector512.Create(pa[rowStride2]);
                c20 = Avx512F.FusedMultiplyAdd(a, b0, c20);
                c21 = Avx512F.FusedMultiplyAdd(a, b1, c21);
                a = Vector512.Create(pa3[0]);
                c30 = Avx512F.FusedMultiplyAdd(a, b0, c30);
                c31 = Avx512F.FusedMultiplyAdd(a, b1, c31);
                a = Vector512.Create(pa3[rowStride]);
                c40 = Avx512F.FusedMultiplyAdd(a, b0, c40);
                c41 = Avx512F.FusedMultiplyAdd(a, b1, c41);
                a = Vector512.Create(pa3[rowStride2]);
                c50 = Avx512F.FusedMultiplyAdd(a, b0, c50);
                c51 = Avx512F.FusedMultiplyAdd(a, b1, c51);
                pa += depthStride;
                pa3 += depthStride;
            }
        }

        StoreTilePair(c, ldc, mr, beta, epilogue, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>Stores the first <paramref name="mr"/> rows of a tile pair (row i in c<i>i</i>0, c<i>i</i>1): beta·C added, the epilogue applied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTilePair(
        float* c, int ldc, int mr, float beta, in TileEpilogue epilogue, Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11, Vector512<float> c20, Vector512<float> c21, Vector512<float> c30, Vector512<float> c31, Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51)
    {
        StoreRowPair(c, c00, c01, beta, epilogue);
        if (mr > 1)
        {
            StoreRowPair(c + ldc, c10, c11, beta, epilogue);
        }

        if (mr > 2)
        {
            StoreRowPair(c + (2 * ldc), c20, c21, beta, epilogue);
        }

        if (mr > 3)
        {
            StoreRowPair(c + (3 * ldc), c30, c31, beta, epilogue);
        }

        if (mr > 4)
        {
            StoreRowPair(c + (4 * ldc), c40, c41, beta, epilogue);
        }

        if (mr > 5)
        {
            StoreRowPair(c + (5 * ldc), c50, c51, beta, epilogue);
        }
    }

    /// <summary>
    /// The micro-kernel on AVX-512 hardware for a lone B panel (the last one of a product, or the only one of a product
    /// with at most 16 columns, such as the shallow net's X·W): two row tiles, 2·MR × NR, at once, each row of C one
    /// 512-bit accumulator. <paramref name="pa"/> and <paramref name="paLow"/> are the two tiles' A panels (same strides).
    /// Per depth step: one 512-bit row of the panel, 12 broadcasts, 12 fused multiply-adds (the 256-bit kernel needs 24
    /// for the same rows). Every element gets the multiply-adds of <see cref="MicroKernel"/> in the same order, and an
    /// edge tile (nr &lt; NR) is finished by the same scalar code, so the numbers are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelTall(int kc, float* pa, float* paLow, nint rowStride, nint depthStride, float* pb, nint bDepthStride, float* c, int ldc, int nr, float beta, in TileEpilogue epilogue, bool prefetchNextRows)
    {
        PrefetchTile(c, ldc, TallRows, NR);

        float* pa3 = pa + (3 * rowStride);
        float* pl3 = paLow + (3 * rowStride);
        nint rowStride2 = 2 * rowStride;
        float* next = prefetchNextRows ? pa + (TallRows * rowStride) : null;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int p0 = 0; p0 < kc; p0 += PrefetchStepDepth)
        {
            if (next != null)
            {
                PrefetchRows(next + p0, rowStride);
                PrefetchRows(next + (MR * rowStride) + p0, rowStride);
            }

            float* pbEnd = pb + (Math.Min(PrefetchStepDepth, kc - p0) * bDepthStride);
            for (; pb < pbEnd; pb += bDepthStride)
            {
                Vector512<float> b = Vector512.Load(pb);
                c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(pa[0]), b, c0);
                c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(pa[rowStride]), b, c1);
                c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(pa[rowStride2]), b, c2);
                c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(pa3[0]), b, c3);
                c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(pa3[rowStride]), b, c4);
                c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(pa3[rowStride2]), b, c5);
                c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(paLow[0]), b, c6);
                c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(paLow[rowStride]), b, c7);
                c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(paLow[rowStride2]), b, c8);
                c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(pl3[0]), b, c9);
                c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(pl3[rowStride]), b, c10);
                c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(pl3[rowStride2]), b, c11);
                pa += depthStride;
                pa3 += depthStride;
                paLow += depthStride;
                pl3 += depthStride;
            }
        }

        StoreTallTile(c, ldc, nr, beta, epilogue, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11);
    }

    /// <summary>
    /// Stores a tall tile (row i in c<i>i</i>): through a stack buffer, each row's <paramref name="nr"/> values with beta·C
    /// added and the epilogue applied. A call of its own: inside <see cref="MicroKernelTall"/>, the zeroing of the buffer
    /// after the loop made the JIT keep the twelve accumulators on the stack, a store after every multiply-add (a lone
    /// 16-column panel of 5250 rows at depth 300 ran at a quarter of the pairs' rate).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StoreTallTile(
        float* c, int ldc, int nr, float beta, in TileEpilogue epilogue, Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3, Vector512<float> c4, Vector512<float> c5, Vector512<float> c6, Vector512<float> c7, Vector512<float> c8, Vector512<float> c9, Vector512<float> c10, Vector512<float> c11)
    {
        float* tile = stackalloc float[TallRows * NR];
        Vector512.Store(c0, tile);
        Vector512.Store(c1, tile + NR);
        Vector512.Store(c2, tile + (2 * NR));
        Vector512.Store(c3, tile + (3 * NR));
        Vector512.Store(c4, tile + (4 * NR));
        Vector512.Store(c5, tile + (5 * NR));
        Vector512.Store(c6, tile + (6 * NR));
        Vector512.Store(c7, tile + (7 * NR));
        Vector512.Store(c8, tile + (8 * NR));
        Vector512.Store(c9, tile + (9 * NR));
        Vector512.Store(c10, tile + (10 * NR));
        Vector512.Store(c11, tile + (11 * NR));
        for (int i = 0; i < TallRows; i++)
        {
            float* dst = c + (i * ldc);
            float* src = tile + (i * NR);
            if (nr == NR)
            {
                Vector256<float> lo = Vector256.Load(src);
                Vector256<float> hi = Vector256.Load(src + 8);
                StoreRow(dst, lo, hi, beta, epilogue);
                continue;
            }

            for (int j = 0; j < nr; j++)
            {
                dst[j] = epilogue.Finish(beta == 0f ? src[j] : src[j] + (beta * dst[j]), j);
            }
        }
    }

    /// <summary>Stores one 32-float row of a pair of tiles: beta·C added, the epilogue applied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRowPair(float* dst, Vector512<float> left, Vector512<float> right, float beta, in TileEpilogue epilogue)
    {
        if (beta != 0f)
        {
            Vector512<float> vb = Vector512.Create(beta);
            left = Avx512F.FusedMultiplyAdd(vb, Vector512.Load(dst), left);
            right = Avx512F.FusedMultiplyAdd(vb, Vector512.Load(dst + NR), right);
        }

        epilogue.Finish(ref left, 0);
        epilogue.Finish(ref right, NR);
        Vector512.Store(left, dst);
        Vector512.Store(right, dst + NR);
    }
}
