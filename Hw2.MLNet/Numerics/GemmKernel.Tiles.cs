using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// The one tile-dispatch routine: every tile of one row block (rows [0, rows)) against one B panel, or a pair of
    /// panels, at one K block. Full tiles of a pair run as one 512-bit tile (<see cref="MicroKernelPair"/>); with
    /// <paramref name="tallTiles"/>, two stacked tiles of a lone panel run as one (<see cref="MicroKernelTall"/>); the
    /// rest go through the 256-bit <see cref="MicroKernel"/>, a pair's as two tiles. Every kernel gives the same numbers.
    /// </summary>
    /// <param name="kc">Depth of the K block.</param>
    /// <param name="panels">The row block's A panels.</param>
    /// <param name="rows">Rows of the row block.</param>
    /// <param name="bPanel">The B panel (the first of a pair).</param>
    /// <param name="nextPanel">Floats from the first panel of a pair to the second.</param>
    /// <param name="bStride">Floats from one depth step of the B panel to the next.</param>
    /// <param name="cTiles">C at the block's first row and the panel's first column.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="nr">Columns of the (first) panel, NR but at the right edge.</param>
    /// <param name="pair">Two full panels side by side (only where <see cref="UseTilePairs"/>).</param>
    /// <param name="tallTiles">Stack two row tiles of a lone panel where <see cref="UseTilePairs"/> (the row-block path).</param>
    /// <param name="beta">Multiplier of C's previous values (0 on the first K block of a fresh product).</param>
    /// <param name="finish">The epilogue for these tiles (default before the last K block).</param>
    /// <param name="prefetchNextRows">Fetch the next tile's A rows ahead (a row-major A on its way from memory).</param>
    /// <param name="prefetchBOnFirstTile">The first tile fetches B's lines <see cref="BPrefetchAheadFloats"/> on (a row-major B's first pass).</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunTiles(
        int kc, APanels panels, int rows, float* bPanel, nint nextPanel, nint bStride, float* cTiles, int ldc, int nr, bool pair, bool tallTiles, float beta, in TileEpilogue finish, bool prefetchNextRows, bool prefetchBOnFirstTile)
    {
        for (int ir = 0; ir < rows;)
        {
            int mr = Math.Min(MR, rows - ir);
            float* cTile = cTiles + ((long)ir * ldc);
            bool prefetchB = prefetchBOnFirstTile && ir == 0;
            bool tall = tallTiles && UseTilePairs && !pair && rows - ir >= TallRows;
            int count = 0;
            int* depths = mr == MR || panels.IsPacked ? panels.SparseDepths(ir, kc, out count) : null;
            if (depths != null)
            {
                float* next = prefetchNextRows ? panels.Panel(ir) + (MR * panels.RowStride) : null;
                if (pair)
                {
                    MicroKernelPairSparse(depths, count, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, nextPanel, bStride, cTile, ldc, mr, beta, finish, next, kc);
                }
                else
                {
                    MicroKernelSparse(depths, count, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, bStride, cTile, ldc, mr, nr, beta, finish, next, kc);
                }
            }
            else if (pair && (mr == MR || panels.IsPacked))
            {
                MicroKernelPair(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, nextPanel, bStride, cTile, ldc, mr, beta, finish, prefetchNextRows, prefetchB);
            }
            else if (tall)
            {
                MicroKernelTall(kc, panels.Panel(ir), panels.Panel(ir + MR), panels.RowStride, panels.DepthStride, bPanel, bStride, cTile, ldc, nr, beta, finish, prefetchNextRows);
            }
            else
            {
                MicroKernel(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, bStride, cTile, ldc, mr, nr, beta, finish, prefetchNextRows, prefetchB);
                if (pair)
                {
                    MicroKernel(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel + nextPanel, bStride, cTile + NR, ldc, mr, NR, beta, finish.Shifted(NR), prefetchNextRows: false, prefetchB);
                }
            }

            ir += tall && depths == null ? TallRows : MR;
        }
    }

    /// <summary>
    /// The micro-kernel: C[0..mr, 0..nr) = beta·C + (A panel)·(B panel) over depth kc, in 12 AVX2 accumulators (one FMA per
    /// 8 products). Element (i, p) of the A panel is at <c>pa[i·rowStride + p·depthStride]</c>: a packed panel (1, MR) or
    /// rows of a row-major A read in place (lda, 1). Row p of the B panel (16 contiguous values) is at
    /// <c>pb + p·bDepthStride</c>: NR when packed, ldb when read in place. The tile's rows of C are prefetched before the
    /// loop, hiding their fetch behind the tile's arithmetic. Full tiles are written straight to C; edge tiles go through a
    /// small stack buffer. With <paramref name="prefetchNextRows"/> the next tile's rows of A are fetched ahead, one cache
    /// line of each every <see cref="PrefetchStepDepth"/> depth steps (a prefetch past the end of A is harmless: prefetches
    /// never fault). With <paramref name="prefetchBAhead"/> every <see cref="PrefetchStepDepth"/> depth steps also fetch the
    /// next B rows' lines <see cref="BPrefetchAheadFloats"/> on, outside the inner loop so that loop is unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernel(int kc, float* pa, nint rowStride, nint depthStride, float* pb, nint bDepthStride, float* c, int ldc, int mr, int nr, float beta, in TileEpilogue epilogue, bool prefetchNextRows, bool prefetchBAhead = false)
    {
        if (mr < MR && depthStride == 1)
        {
            MicroKernelOnCopiedRows(kc, pa, rowStride, pb, bDepthStride, c, ldc, mr, nr, beta, epilogue);
            return;
        }

        if (Sse.IsSupported)
        {
            // The tile of C is read back or written after the loop: start fetching its lines now, so neither the loads
            // (split-K: C is revisited every K block from outside L2) nor the stores (a first write to C's lines) wait.
            PrefetchTile(c, ldc, mr, NR);
        }

        // Rows 0–2 from pa, rows 3–5 from pa3: four registers address the six rows, so the loop's state stays in
        // registers (six row offsets made the JIT spill them and reload one per row and depth step).
        float* pa3 = pa + (3 * rowStride);
        nint rowStride2 = 2 * rowStride;
        float* next = prefetchNextRows && Sse.IsSupported ? pa + (MR * rowStride) : null;
        nint bAhead = prefetchBAhead && Sse.IsSupported ? BPrefetchAheadFloats : 0;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p0 = 0; p0 < kc; p0 += PrefetchStepDepth)
        {
            if (next != null)
            {
                PrefetchRows(next + p0, rowStride);
            }

            float* pbEnd = pb + (Math.Min(PrefetchStepDepth, kc - p0) * bDepthStride);
            if (bAhead != 0)
            {
                PrefetchB(pb + bAhead, pbEnd + bAhead, bDepthStride, NR);
            }

            for (; pb < pbEnd; pb += bDepthStride)
            {
                Vector256<float> b0 = Vector256.Load(pb);
                Vector256<float> b1 = Vector256.Load(pb + 8);
                Vector256<float> a = Vector256.Create(pa[0]);
                c00 = MulAdd(a, b0, c00);
                c01 = MulAdd(a, b1, c01);
                a = Vector256.Create(pa[rowStride]);
                c10 = MulAdd(a, b0, c10);
                c11 = MulAdd(a, b1, c11);
                a = Vector256.Create(pa[rowStride2]);
                c20 = MulAdd(a, b0, c20);
                c21 = MulAdd(a, b1, c21);
                a = Vector256.Create(pa3[0]);
                c30 = MulAdd(a, b0, c30);
                c31 = MulAdd(a, b1, c31);
                a = Vector256.Create(pa3[rowStride]);
                c40 = MulAdd(a, b0, c40);
                c41 = MulAdd(a, b1, c41);
                a = Vector256.Create(pa3[rowStride2]);
                c50 = MulAdd(a, b0, c50);
                c51 = MulAdd(a, b1, c51);
                pa += depthStride;
                pa3 += depthStride;
            }
        }

        StoreTile(c, ldc, mr, nr, beta, epilogue, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// Stores a 256-bit kernel's tile (row i in c<i>i</i>0, c<i>i</i>1): a full tile straight to C, an edge tile's
    /// <paramref name="mr"/> × <paramref name="nr"/> values through a small stack buffer; beta·C added, the epilogue applied.
    /// </summary>
    private static void StoreTile(
        float* c, int ldc, int mr, int nr, float beta, in TileEpilogue epilogue, Vector256<float> c00, Vector256<float> c01, Vector256<float> c10, Vector256<float> c11, Vector256<float> c20, Vector256<float> c21, Vector256<float> c30, Vector256<float> c31, Vector256<float> c40, Vector256<float> c41, Vector256<float> c50, Vector256<float> c51)
    {
        if (mr == MR && nr == NR)
        {
            StoreRow(c, c00, c01, beta, epilogue);
            StoreRow(c + ldc, c10, c11, beta, epilogue);
            StoreRow(c + (2 * ldc), c20, c21, beta, epilogue);
            StoreRow(c + (3 * ldc), c30, c31, beta, epilogue);
            StoreRow(c + (4 * ldc), c40, c41, beta, epilogue);
            StoreRow(c + (5 * ldc), c50, c51, beta, epilogue);
            return;
        }

        float* tile = stackalloc float[MR * NR];
        Vector256.Store(c00, tile);
        Vector256.Store(c01, tile + 8);
        Vector256.Store(c10, tile + 16);
        Vector256.Store(c11, tile + 24);
        Vector256.Store(c20, tile + 32);
        Vector256.Store(c21, tile + 40);
        Vector256.Store(c30, tile + 48);
        Vector256.Store(c31, tile + 56);
        Vector256.Store(c40, tile + 64);
        Vector256.Store(c41, tile + 72);
        Vector256.Store(c50, tile + 80);
        Vector256.Store(c51, tile + 88);
        for (int i = 0; i < mr; i++)
        {
            float* dst = c + (i * ldc);
            float* src = tile + (i * NR);
            for (int j = 0; j < nr; j++)
            {
                dst[j] = epilogue.Finish(beta == 0f ? src[j] : src[j] + (beta * dst[j]), j);
            }
        }
    }

    /// <summary>
    /// An edge tile of a row-major A read in place: its mr &lt; MR rows are copied into a zero-padded panel first, since
    /// the micro-kernel always reads MR rows and the rows past the last one may lie past the end of A.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MicroKernelOnCopiedRows(int kc, float* pa, nint rowStride, float* pb, nint bDepthStride, float* c, int ldc, int mr, int nr, float beta, in TileEpilogue epilogue)
    {
        float* rows = stackalloc float[MR * KC];
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < MR; i++)
            {
                rows[(p * MR) + i] = i < mr ? pa[(i * rowStride) + p] : 0f;
            }
        }

        MicroKernel(kc, rows, 1, MR, pb, bDepthStride, c, ldc, mr, nr, beta, epilogue, prefetchNextRows: false);
    }

    /// <summary>Stores one 16-float row of a tile: beta·C added, the epilogue applied.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* dst, Vector256<float> lo, Vector256<float> hi, float beta, in TileEpilogue epilogue)
    {
        if (beta != 0f)
        {
            Vector256<float> vb = Vector256.Create(beta);
            lo = MulAdd(vb, Vector256.Load(dst), lo);
            hi = MulAdd(vb, Vector256.Load(dst + 8), hi);
        }

        epilogue.Finish(ref lo, ref hi);

        Vector256.Store(lo, dst);
        Vector256.Store(hi, dst + 8);
    }

    /// <summary>x·y + acc, fused where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> MulAdd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : (x * y) + acc;

    /// <summary>Fetches the lines of a tile of C: <paramref name="rows"/> rows of <paramref name="width"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(float* c, int ldc, int rows, int width)
    {
        for (int i = 0; i < rows; i++)
        {
            float* row = c + (i * ldc);
            for (int j = 0; j < width; j += NR)
            {
                Sse.Prefetch0(row + j);
            }

            Sse.Prefetch0(row + width - 1);
        }
    }

    /// <summary>Fetches one cache line of each of the MR rows of A that start at <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchRows(float* row, nint rowStride)
    {
        for (int i = 0; i < MR; i++)
        {
            Sse.Prefetch0(row + (i * rowStride));
        }
    }

    /// <summary>Fetches <paramref name="width"/> floats (one line per NR) of each B row from <paramref name="line"/> to <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchB(float* line, float* end, nint bDepthStride, int width)
    {
        for (; line < end; line += bDepthStride)
        {
            for (int j = 0; j < width; j += NR)
            {
                Sse.Prefetch0(line + j);
            }
        }
    }
}
