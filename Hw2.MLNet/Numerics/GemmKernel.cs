using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

/// <summary>
/// The one matrix-multiply implementation behind <see cref="Gemm"/>, organised as in BLIS/GotoBLAS:
/// <list type="bullet">
/// <item>a transposed op(B) is packed (in parallel) into column panels of <see cref="NR"/>, zero-padded, in blocks of
/// <see cref="KC"/> along K; a row-major B is read in place, except that its full panels are packed too when C has
/// enough rows to reuse them (<see cref="PackAllBMinRows"/>, <see cref="SplitKPackAllBMinRows"/>) and its ragged last
/// panel always is;</item>
/// <item>rows of op(A) are cut into blocks of at most <see cref="MCMax"/> rows, one block per task (the blocks
/// run in parallel); each task walks the K blocks, packing the rows of a transposed A into row panels of
/// <see cref="MR"/> and reading a row-major A in place (its ragged edge rows copied into a padded panel);</item>
/// <item>a register-blocked <see cref="MR"/>×<see cref="NR"/> micro-kernel (12 AVX accumulators, one FMA per
/// 8 products) multiplies one A panel by one B panel and adds the result into C; after the last K block it applies the
/// product's <see cref="GemmEpilogue"/> (bias, ReLU) to the tile before storing it. On AVX-512 hardware two tiles run as one
/// in 512-bit registers, with the same numbers: two adjacent ones (<see cref="MicroKernelPair"/>) or, on a lone B panel,
/// two stacked ones (<see cref="MicroKernelTall"/>).</item>
/// </list>
/// Packing buffers are thread-static and reused, so after a thread's first calls a multiply allocates no buffer; what
/// it still allocates is the parallel loop's own bookkeeping, 3.5–8.3 KB per call (measured with
/// <c>GC.GetTotalAllocatedBytes</c> over 100 products from 128×784·784×300 to 300×20000·20000×100).
/// </summary>
[SkipLocalsInit]
internal static unsafe class GemmKernel
{
    /// <summary>Rows of the micro-tile.</summary>
    internal const int MR = 6;

    /// <summary>Columns of the micro-tile (two 8-float vectors).</summary>
    internal const int NR = 16;

    /// <summary>Depth of one packed block (fits A and B micro-panels in L1/L2).</summary>
    internal const int KC = 256;

    /// <summary>Largest row block packed by one task.</summary>
    internal const int MCMax = 120;

    /// <summary>Most floats of op(B) packed at once (32 MB); wider or deeper products are done in column slabs.</summary>
    internal const int PackedBBudget = 8 << 20;

    /// <summary>
    /// Depth from which a product much deeper than it is wide is split along K across threads. A product whose C has
    /// too few row panels to give each thread two is split along K from one KC block per thread on: by rows, the shallow
    /// net's weight gradient δᵀ·X (C of 10 rows) gave one thread 6 rows and the other 4 padded to 6, and both read all of
    /// X; split along K it ran 13–21 % faster at 600–3000 rows (interleaved 30 rounds in one process).
    /// </summary>
    private const int SplitKMinDepth = 2048;

    /// <summary>
    /// From this many rows of C on, full panels of a row-major B are packed too rather than read in place: the copy is
    /// small next to the work that reuses it, and contiguous panels ran the forward X·W1 (20000×784 · 784×300) at
    /// 134–159 GFLOP/s against 110–133 in place (six interleaved runs). Below it (minibatches) no difference showed.
    /// </summary>
    private const int PackAllBMinRows = 1024;

    /// <summary>
    /// The same for the split-K path (one K slice per thread, its KC blocks packed one at a time): from this many rows of
    /// C on, full panels of a row-major B are copied too. The deep network's first weight gradient (C = δ1ᵀ·X, 300 rows)
    /// ran 6–12 % faster at 4250–60000 rows of X (interleaved 30 rounds in one process: 34.5 → 30.4 ms at 9250,
    /// 72.8 → 64.5 at 20000); with 100 rows the copy cost 17 % and with 10 (the shallow net) 80 %.
    /// </summary>
    private const int SplitKPackAllBMinRows = 256;

    /// <summary>
    /// Most rows of C the split-K path keeps in one row block: 384 rows of packed A at depth <see cref="KC"/> take
    /// 384 KB, within a Zen 3 core's 512 KB L2. Taller products use blocks of <see cref="MCMax"/>.
    /// </summary>
    private const int DepthOuterMaxRows = 384;

    /// <summary>
    /// Whether two tiles run as one in 512-bit registers (<see cref="MicroKernelPair"/>, <see cref="MicroKernelTall"/>): on CPUs with
    /// AVX-512 that the runtime accelerates (on the fifth session's Intel Xeon the deep products ran 17–38 % faster);
    /// elsewhere, the AMD Zen 3 machines among them, every tile goes through the 256-bit <see cref="MicroKernel"/>.
    /// </summary>
    internal static bool TilePairsSupported { get; } = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Whether full tiles go in pairs (only where <see cref="TilePairsSupported"/>); the tests turn it off to check that
    /// both kernels give the same numbers. Either setting computes the same C, so flipping it mid-product is harmless.
    /// </summary>
    internal static bool UseTilePairs
    {
        get => useTilePairs;
        set => useTilePairs = value && TilePairsSupported;
    }

    /// <summary>Below this many multiply-adds a product runs on the calling thread only.</summary>
    private const long ParallelThreshold = 1L << 21;

    private static bool useTilePairs = TilePairsSupported;

    [ThreadStatic]
    private static float[]? packedA;

    [ThreadStatic]
    private static float[]? packedB;

    /// <summary>
    /// C (m×n, row stride ldc) = epilogue(op(A)·op(B) + beta·C), with row-major A and B of row strides lda and ldb. The
    /// epilogue is fused into the micro-tiles on the row-block path and applied as a pass over C on the others.
    /// </summary>
    internal static void Compute(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, GemmEpilogue epilogue)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        bool rowsTimesMatrix = m < MR && !b.Transposed;
        if (k == 0)
        {
            ScaleC(m, n, c, beta);
        }
        else if (!rowsTimesMatrix && SwappingPacksLess(m, n, k, a, b))
        {
            ComputeTransposed(m, n, k, a, b, c, beta);
        }
        else if (ComputeOriented(m, n, k, a, b, c, beta, epilogue))
        {
            return;
        }

        epilogue.Apply(m, n, c);
    }

    /// <summary>
    /// Row-major operands are read in place and only transposed ones are packed, so the orientation matters:
    /// <c>C = op(A)·op(B)</c> or <c>Cᵀ = op(B)ᵀ·op(A)ᵀ</c> followed by a transposed copy into C. The weight gradient
    /// <c>Xᵀ·δ</c> of a large batch packs X (m·k values) one way and only δ (n·k) plus the small result the other.
    /// </summary>
    private static bool SwappingPacksLess(int m, int n, int k, GemmOperand a, GemmOperand b)
    {
        long packed = (a.Transposed ? (long)m * k : 0) + (b.Transposed ? (long)n * k : 0);
        long swapped = (b.Transposed ? 0 : (long)n * k) + (a.Transposed ? 0 : (long)m * k) + ((long)m * n);
        return swapped < packed;
    }

    private static void ComputeTransposed(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta)
    {
        float[] transposed = System.Buffers.ArrayPool<float>.Shared.Rent(m * n);
        try
        {
            ComputeOriented(
                n, m, k,
                b with { Transposed = !b.Transposed },
                a with { Transposed = !a.Transposed },
                new GemmOperand(transposed, 0, m, false),
                0f,
                default);
            for (int i = 0; i < m; i++)
            {
                Span<float> row = c.Data.AsSpan(c.Offset + (i * c.Stride), n);
                for (int j = 0; j < n; j++)
                {
                    float value = transposed[(j * m) + i];
                    row[j] = beta == 0f ? value : value + (beta * row[j]);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(transposed);
        }
    }

    /// <summary>
    /// The product in the orientation given: split along K when deep and narrow or when C has too few row panels for
    /// the threads, else row blocks in parallel. Returns
    /// true when the row-block path has applied <paramref name="epilogue"/> in its tiles (the other paths leave it to the caller).
    /// </summary>
    private static bool ComputeOriented(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, GemmEpilogue epilogue)
    {
        if (m < MR && !b.Transposed)
        {
            RowsTimesMatrix(m, n, k, a, b, c, beta);
            return false;
        }

        int threads = (long)m * n * k >= ParallelThreshold ? Environment.ProcessorCount : 1;
        bool deepAndNarrow = k >= SplitKMinDepth && k >= 4L * Math.Max(m, n);
        bool fewRowPanels = (m + MR - 1) / MR < 2 * threads && k >= threads * KC;
        if (threads > 1 && (deepAndNarrow || fewRowPanels))
        {
            ComputeSplitK(m, n, k, a, b, c, beta, threads);
            return false;
        }

        int blocks = (m + MCMax - 1) / MCMax;
        blocks = Math.Min((m + MR - 1) / MR, RoundUp(blocks, threads));
        int mc = RoundUp((m + blocks - 1) / blocks, MR);
        blocks = (m + mc - 1) / mc;

        // One slab of op(B) covers all of K and as many columns as fit the packing budget.
        int nc = Math.Min(RoundUp(n, NR), Math.Max(NR, PackedBBudget / k / NR * NR));
        float[] bp = packedB is { } existing && existing.Length >= (long)k * nc ? existing : (packedB = new float[k * nc]);
        var work = new BlockWork(a, b, c, bp, m, mc, k, beta, epilogue);
        for (int jc = 0; jc < n; jc += nc)
        {
            work.SetSlab(jc, Math.Min(nc, n - jc));
            int packTasks = work.PackTaskCount;
            if (threads > 1)
            {
                Parallel.For(0, packTasks, work.PackBAction);
                Parallel.For(0, blocks, work.RunBlockAction);
            }
            else
            {
                for (int t = 0; t < packTasks; t++)
                {
                    work.PackB(t);
                }

                for (int blk = 0; blk < blocks; blk++)
                {
                    work.RunBlock(blk);
                }
            }
        }

        return true;
    }

    /// <summary>
    /// A few rows times a row-major matrix (one image at prediction time): each output row is built as
    /// Σ_p A[i, p] · B[p, :], one vectorised multiply-add per p. Packing would cost more than the product here.
    /// </summary>
    private static void RowsTimesMatrix(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Data.AsSpan(c.Offset + (i * c.Stride), n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }

            for (int p = 0; p < k; p++)
            {
                float aip = a.Transposed ? a.Data[a.Offset + (p * a.Stride) + i] : a.Data[a.Offset + (i * a.Stride) + p];
                ReadOnlySpan<float> bRow = b.Data.AsSpan(b.Offset + (p * b.Stride), n);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(bRow, aip, row, row);
            }
        }
    }

    /// <summary>
    /// For deep, small products (the weight gradient hᵀ·δ of a large batch): each thread takes one slice of K and
    /// runs the classic GotoBLAS order on it — pack a KC block of op(B) once, sweep all rows of C with it — so the
    /// packed block stays in that core's cache; the threads' partial products are summed at the end.
    /// </summary>
    private static void ComputeSplitK(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, int threads)
    {
        int slice = RoundUp((k + threads - 1) / threads, KC);
        int parts = (k + slice - 1) / slice;
        float[][] partials = new float[parts - 1][];
        Parallel.For(0, parts, t =>
        {
            int k0 = t * slice;
            int depth = Math.Min(slice, k - k0);
            GemmOperand aSlice = a with { Offset = a.Offset + (a.Transposed ? k0 * a.Stride : k0) };
            GemmOperand bSlice = b with { Offset = b.Offset + (b.Transposed ? k0 : k0 * b.Stride) };
            if (t == 0)
            {
                ComputeDepthOuter(m, n, depth, aSlice, bSlice, c, beta);
            }
            else
            {
                float[] partial = System.Buffers.ArrayPool<float>.Shared.Rent(m * n);
                partials[t - 1] = partial;
                ComputeDepthOuter(m, n, depth, aSlice, bSlice, new GemmOperand(partial, 0, n, false), 0f);
            }
        });

        foreach (float[] partial in partials)
        {
            for (int i = 0; i < m; i++)
            {
                Span<float> row = c.Data.AsSpan(c.Offset + (i * c.Stride), n);
                System.Numerics.Tensors.TensorPrimitives.Add(row, partial.AsSpan(i * n, n), row);
            }

            System.Buffers.ArrayPool<float>.Shared.Return(partial);
        }
    }

    /// <summary>
    /// Single-threaded product in GotoBLAS order: K blocks outermost, each packed B block reused for every row block.
    /// A row-major B is read (in place or to pack it) one cache line of each of kc rows per column panel, a stride the
    /// hardware does not fetch ahead: the first pass over it fetches the lines two panels on (see
    /// <see cref="MicroKernel"/> and <see cref="PackB"/>).
    /// Up to <see cref="DepthOuterMaxRows"/> rows of C form one row block (all A panels of a K block stay in L2), and a
    /// B panel is packed just before the first row block uses it, so it is multiplied while still in L1 instead of being
    /// fetched back from L3 after the whole block is packed (the deep net's first weight gradient δ1ᵀ·X, 300 rows:
    /// 4–10 % faster at 4000–20000 rows of X, interleaved in one process).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeDepthOuter(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta)
    {
        int width = RoundUp(n, NR);
        int mc = m <= DepthOuterMaxRows ? m : MCMax;
        float[] bp = packedB is { } existing && existing.Length >= KC * width ? existing : (packedB = new float[KC * width]);
        float[] ap = packedA is { } existingA && existingA.Length >= RoundUp(mc, MR) * KC ? existingA : (packedA = new float[RoundUp(mc, MR) * KC]);
        fixed (float* aData = a.Data)
        fixed (float* bData = b.Data)
        fixed (float* cData = c.Data)
        fixed (float* pbp = bp)
        fixed (float* pap = ap)
        {
            float* pcc = cData + c.Offset;
            bool packAll = m >= SplitKPackAllBMinRows;
            for (int pc = 0; pc < k; pc += KC)
            {
                int kc = Math.Min(KC, k - pc);
                float blockBeta = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += mc)
                {
                    int rows = Math.Min(mc, m - ic);
                    APanels panels = APanels.Prepare(aData, a, ic, rows, pc, kc, pap);
                    for (int jr = 0; jr < n;)
                    {
                        int nr = Math.Min(NR, n - jr);
                        bool pair = UseTilePairs && n - jr >= 2 * NR;
                        bool inPlace = ReadsBInPlace(b, nr, packAll);
                        if (ic == 0 && !inPlace)
                        {
                            // The panel (or both panels of a pair: full, so packed alike) just before its first use.
                            for (int j = jr; j < jr + (pair ? 2 * NR : nr); j += NR)
                            {
                                PackB(bData + b.Offset, b.Stride, b.Transposed, j, Math.Min(NR, n - j), pc, kc, pbp + (j * kc));
                            }
                        }

                        float* bPanel = BPanel(bData, b, pc, jr, nr, pbp + (jr * kc), packAll, out nint bStride);
                        nint nextPanel = inPlace ? NR : (nint)kc * NR;
                        bool firstPassInPlace = ic == 0 && inPlace;
                        for (int ir = 0; ir < rows; ir += MR)
                        {
                            int mr = Math.Min(MR, rows - ir);
                            float* cTile = pcc + ((long)(ic + ir) * c.Stride) + jr;
                            bool prefetchB = firstPassInPlace && ir == 0;
                            if (pair && (mr == MR || panels.ZeroPadded))
                            {
                                MicroKernelPair(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, nextPanel, bStride, cTile, c.Stride, mr, blockBeta, default, prefetchNextRows: false, prefetchB);
                                continue;
                            }

                            MicroKernel(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, bStride, cTile, c.Stride, mr, nr, blockBeta, default, prefetchNextRows: false, prefetchB);
                            if (pair)
                            {
                                MicroKernel(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel + nextPanel, bStride, cTile + NR, c.Stride, mr, NR, blockBeta, default, prefetchNextRows: false, prefetchB);
                            }
                        }

                        jr += pair ? 2 * NR : NR;
                    }
                }
            }
        }
    }

    /// <summary>
    /// A full panel of a row-major op(B) is already 16 contiguous values per depth step: it is read in place, unless
    /// <paramref name="packAll"/> asks for a contiguous copy (worth it when many row blocks reuse the panel).
    /// </summary>
    private static bool ReadsBInPlace(GemmOperand b, int nr, bool packAll) => !packAll && !b.Transposed && nr == NR;

    /// <summary>The B panel for columns [j, j + nr) at depth pc: in place (stride ldb) or the packed copy (stride NR).</summary>
    private static float* BPanel(float* bData, GemmOperand b, int pc, int j, int nr, float* packed, bool packAll, out nint stride)
    {
        if (ReadsBInPlace(b, nr, packAll))
        {
            stride = b.Stride;
            return bData + b.Offset + ((long)pc * b.Stride) + j;
        }

        stride = NR;
        return packed;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static void ScaleC(int m, int n, GemmOperand c, float beta)
    {
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Data.AsSpan(c.Offset + (i * c.Stride), n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    /// <summary>
    /// Packs rows [i0, i0+mc) and depth [p0, p0+kc) of op(A) = Aᵀ (A stored K × M) into MR-row panels, k-major,
    /// zero-padded. Each depth step is one contiguous run of A, scattered over the panels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackTransposedA(float* a, int lda, int i0, int mc, int p0, int kc, float* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            float* src = a + ((long)(p0 + p) * lda) + i0;
            for (int ir = 0; ir < mc; ir += MR)
            {
                float* d = dst + (ir * kc) + (p * MR);
                int mr = Math.Min(MR, mc - ir);
                int i = 0;
                for (; i < mr; i++)
                {
                    d[i] = src[ir + i];
                }

                for (; i < MR; i++)
                {
                    d[i] = 0f;
                }
            }
        }
    }

    /// <summary>Packs one NR-column panel (columns [j0, j0+nr), depth [p0, p0+kc)) of op(B), k-major, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(float* b, int ldb, bool transposeB, int j0, int nr, int p0, int kc, float* dst)
    {
        if (transposeB)
        {
            // op(B)[p, j] = B[j, p]: walk each source row once.
            for (int j = 0; j < NR; j++)
            {
                if (j < nr)
                {
                    float* src = b + (long)(j0 + j) * ldb + p0;
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * NR + j] = src[p];
                    }
                }
                else
                {
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * NR + j] = 0f;
                    }
                }
            }
        }
        else
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = b + (long)(p0 + p) * ldb + j0;
                float* d = dst + p * NR;
                if (Sse.IsSupported)
                {
                    // Fetch this row's line two panels on, which the next PackB calls copy (see ComputeDepthOuter):
                    // the deep net's weight gradient δ1ᵀ·X, which packs all of X this way, 4–11 % faster.
                    Sse.Prefetch0(src + (2 * NR));
                }

                if (nr == NR)
                {
                    Vector256.Store(Vector256.Load(src), d);
                    Vector256.Store(Vector256.Load(src + 8), d + 8);
                }
                else
                {
                    int j = 0;
                    for (; j < nr; j++)
                    {
                        d[j] = src[j];
                    }

                    for (; j < NR; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : (x * y) + acc;

    /// <summary>
    /// The micro-kernel: C[0..mr, 0..nr) = beta·C + (A panel)·(packed B panel) over depth kc. Element (i, p) of the A
    /// panel is at <c>pa[i·rowStride + p·depthStride]</c>: a packed panel (1, MR) or rows of a row-major A read in place (lda, 1).
    /// Row p of the B panel (16 contiguous values) is at <c>pb + p·bDepthStride</c>: NR when packed, ldb when read in place.
    /// The tile's rows of C are prefetched before the loop, which hides their fetch behind the tile's arithmetic
    /// (interleaved in one process: the deep net's input gradient δ2·W2ᵀ 13–33 % faster, its weight gradients 4–8 %).
    /// Full tiles are written straight to C; edge tiles go through a small stack buffer. With
    /// <paramref name="prefetchNextRows"/> (a row-major A on its way from memory) the next tile's rows are fetched ahead, one
    /// cache line of each every 16 depth steps (a prefetch past the end of A is harmless: prefetches never fault).
    /// With <paramref name="prefetchBAhead"/> (the first tile to read a row-major B panel in place, from memory) every 16
    /// depth steps also fetch the next 16 B rows' lines two panels on, outside the inner loop so that loop is unchanged:
    /// the shallow net's weight gradient δᵀ·X (10 rows of C, which reads X in place) ran 44–49 % faster at 9250–20000 rows
    /// of X and 15 % at 2250, the deep net's H1ᵀ·δ2 up to 6 % (bench --against). Prefetching on every tile made H1ᵀ·δ2
    /// 25 % slower; a prefetch in the inner loop made X·W1, which never uses it, 8–15 % slower.
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
        nint bAhead = prefetchBAhead && Sse.IsSupported ? 2 * NR : 0;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            if (next != null)
            {
                PrefetchRows(next + p0, rowStride);
            }

            float* pbEnd = pb + (Math.Min(16, kc - p0) * bDepthStride);
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
    /// The micro-kernel on AVX-512 hardware (<see cref="UseTilePairs"/>): two adjacent full tiles, MR × 2·NR, at once. The
    /// second B panel starts <paramref name="nextPanel"/> floats after the first (NR in place, kc·NR packed), so the
    /// packed layouts are those of <see cref="MicroKernel"/>; each depth step is one 512-bit row of each panel, six
    /// broadcasts and 12 fused multiply-adds on 16 floats, into 12 accumulators. Every element of C gets the same
    /// multiply-adds in the same order as in <see cref="MicroKernel"/>, so the two give the same numbers. A packed A panel is
    /// zero-padded to MR rows, so a tile of <paramref name="mr"/> &lt; MR rows (the shallow net's 10-row δᵀ·X) runs here
    /// too and stores its mr rows only; an in-place A's short tile cannot (the rows past it may lie past the end of A).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MicroKernelPair(int kc, float* pa, nint rowStride, nint depthStride, float* pb, nint nextPanel, nint bDepthStride, float* c, int ldc, int mr, float beta, in TileEpilogue epilogue, bool prefetchNextRows, bool prefetchBAhead)
    {
        PrefetchTile(c, ldc, mr, 2 * NR);

        float* pa3 = pa + (3 * rowStride);
        nint rowStride2 = 2 * rowStride;
        float* next = prefetchNextRows ? pa + (MR * rowStride) : null;
        nint bAhead = prefetchBAhead ? 2 * NR : 0;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            if (next != null)
            {
                PrefetchRows(next + p0, rowStride);
            }

            float* pbEnd = pb + (Math.Min(16, kc - p0) * bDepthStride);
            if (bAhead != 0)
            {
                PrefetchB(pb + bAhead, pbEnd + bAhead, bDepthStride, 2 * NR);
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
        PrefetchTile(c, ldc, 2 * MR, NR);

        float* pa3 = pa + (3 * rowStride);
        float* pl3 = paLow + (3 * rowStride);
        nint rowStride2 = 2 * rowStride;
        float* next = prefetchNextRows ? pa + (2 * MR * rowStride) : null;
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        Vector512<float> c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default;
        for (int p0 = 0; p0 < kc; p0 += 16)
        {
            if (next != null)
            {
                PrefetchRows(next + p0, rowStride);
                PrefetchRows(next + (MR * rowStride) + p0, rowStride);
            }

            float* pbEnd = pb + (Math.Min(16, kc - p0) * bDepthStride);
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

        float* tile = stackalloc float[2 * MR * NR];
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
        for (int i = 0; i < 2 * MR; i++)
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

    /// <summary>
    /// The state shared by the tasks of one column slab: first every (NR panel, KC block) of op(B) is packed, then
    /// each row block of C runs through all KC blocks, packing its own A panels (no barrier between KC blocks).
    /// </summary>
    private sealed class BlockWork(GemmOperand a, GemmOperand b, GemmOperand c, float[] packedBSlab, int m, int mc, int k, float beta, GemmEpilogue epilogue)
    {
        private readonly int kBlocks = (k + KC - 1) / KC;

        /// <summary>With this many rows, every B panel is reused by many row blocks: a contiguous copy pays for itself.</summary>
        private readonly bool packAll = m >= PackAllBMinRows;
        private int jc;
        private int nc;
        private Action<int>? packBAction;
        private Action<int>? runBlockAction;

        public Action<int> PackBAction => packBAction ??= PackB;

        public Action<int> RunBlockAction => runBlockAction ??= RunBlock;

        /// <summary>Packing tasks of the slab: one per NR panel and KC block.</summary>
        public int PackTaskCount => ((nc + NR - 1) / NR) * kBlocks;

        public void SetSlab(int jcValue, int ncValue)
        {
            jc = jcValue;
            nc = ncValue;
        }

        /// <summary>Packed layout: KC block by KC block; inside a block, NR panel after NR panel, each kc × NR.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void PackB(int task)
        {
            int pb = task / ((nc + NR - 1) / NR);
            int jr = task % ((nc + NR - 1) / NR) * NR;
            int pc = pb * KC;
            int kc = Math.Min(KC, k - pc);
            if (ReadsBInPlace(b, Math.Min(NR, nc - jr), packAll))
            {
                return;
            }

            fixed (float* bData = b.Data)
            fixed (float* dst = packedBSlab)
            {
                float* block = dst + ((long)pc * RoundUp(nc, NR));
                GemmKernel.PackB(bData + b.Offset, b.Stride, b.Transposed, jc + jr, Math.Min(NR, nc - jr), pc, kc, block + (jr * kc));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunBlock(int block)
        {
            int ic = block * mc;
            int rows = Math.Min(mc, m - ic);
            float[] ap = packedA ??= new float[(MCMax + MR) * KC];
            if (ap.Length < RoundUp(rows, MR) * KC)
            {
                ap = packedA = new float[RoundUp(rows, MR) * KC];
            }

            fixed (float* aData = a.Data)
            fixed (float* bData = b.Data)
            fixed (float* pap = ap)
            fixed (float* pbp = packedBSlab)
            fixed (float* cData = c.Data)
            fixed (float* biasData = epilogue.Bias)
            {
                float* pcc = cData + c.Offset;
                int ldc = c.Stride;
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    float blockBeta = pc == 0 ? beta : 1f;
                    bool lastBlock = pc + kc == k;

                    // A row-major A comes from memory on the block's first B panel only (the later panels find its
                    // rows in L2): those calls fetch the next tile's rows ahead. The shallow net's X·W (one panel,
                    // 9250×784 · 784×10): 4.24 → 3.33 ms; the deep net's H1·W2 5–13 % faster, where prefetching on
                    // every panel had gained nothing on X·W1 (interleaved in one process).
                    bool prefetchA = !a.Transposed;
                    float* bBlock = pbp + ((long)pc * RoundUp(nc, NR));
                    APanels panels = APanels.Prepare(aData, a, ic, rows, pc, kc, pap);
                    for (int jr = 0; jr < nc;)
                    {
                        int nr = Math.Min(NR, nc - jr);
                        bool pair = UseTilePairs && nc - jr >= 2 * NR;
                        float* bPanel = BPanel(bData, b, pc, jc + jr, nr, bBlock + (jr * kc), packAll, out nint bStride);
                        nint nextPanel = ReadsBInPlace(b, nr, packAll) ? NR : (nint)kc * NR;
                        TileEpilogue finish = lastBlock ? new(biasData == null ? null : biasData + epilogue.BiasOffset + jc + jr, epilogue.Relu) : default;
                        for (int ir = 0; ir < rows;)
                        {
                            int mr = Math.Min(MR, rows - ir);
                            float* cTile = pcc + ((long)(ic + ir) * ldc) + jc + jr;
                            bool tall = UseTilePairs && !pair && rows - ir >= 2 * MR;
                            if (pair && (mr == MR || panels.ZeroPadded))
                            {
                                MicroKernelPair(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, nextPanel, bStride, cTile, ldc, mr, blockBeta, finish, prefetchA && jr == 0, prefetchBAhead: false);
                            }
                            else if (tall)
                            {
                                MicroKernelTall(kc, panels.Panel(ir), panels.Panel(ir + MR), panels.RowStride, panels.DepthStride, bPanel, bStride, cTile, ldc, nr, blockBeta, finish, prefetchA && jr == 0);
                            }
                            else
                            {
                                MicroKernel(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel, bStride, cTile, ldc, mr, nr, blockBeta, finish, prefetchA && jr == 0);
                                if (pair)
                                {
                                    MicroKernel(kc, panels.Panel(ir), panels.RowStride, panels.DepthStride, bPanel + nextPanel, bStride, cTile + NR, ldc, mr, NR, blockBeta, finish.Shifted(NR), prefetchNextRows: false);
                                }
                            }

                            ir += tall ? 2 * MR : MR;
                        }

                        jr += pair ? 2 * NR : NR;
                    }
                }
            }
        }
    }
}

/// <summary>
/// Where the micro-kernel finds the A panels of one (row block, K block): a transposed A is packed into contiguous
/// MR-row panels; a row-major A is read in place (its rows are already contiguous along K), which saves a full copy
/// of A — most of the cost of products with few output columns.
/// </summary>
internal readonly unsafe struct APanels
{
    private readonly float* origin;
    private readonly nint panelStep;

    private APanels(float* origin, nint panelStep, nint rowStride, nint depthStride)
    {
        this.origin = origin;
        this.panelStep = panelStep;
        RowStride = rowStride;
        DepthStride = depthStride;
    }

    public nint RowStride { get; }

    public nint DepthStride { get; }

    /// <summary>
    /// Packed panels are zero-padded to MR rows, so a kernel may read all MR rows of a short tile; rows of an A read in
    /// place past its last tile may lie past the end of A.
    /// </summary>
    public bool ZeroPadded => DepthStride != 1;

    /// <summary>Packs (transposed A) or points into (row-major A) rows [ic, ic + rows) × depth [pc, pc + kc).</summary>
    public static APanels Prepare(float* aData, GemmOperand a, int ic, int rows, int pc, int kc, float* packBuffer)
    {
        if (a.Transposed)
        {
            GemmKernel.PackTransposedA(aData + a.Offset, a.Stride, ic, rows, pc, kc, packBuffer);
            return new APanels(packBuffer, kc, 1, GemmKernel.MR);
        }

        return new APanels(aData + a.Offset + ((long)ic * a.Stride) + pc, a.Stride, a.Stride, 1);
    }

    /// <summary>The panel starting at row <paramref name="ir"/> of the block (a multiple of MR).</summary>
    public float* Panel(int ir) => origin + (ir * panelStep);
}

/// <summary>A row-major operand of <see cref="GemmKernel"/>: storage, first element, row stride, and whether op() transposes it.</summary>
internal readonly record struct GemmOperand(float[] Data, int Offset, int Stride, bool Transposed);
