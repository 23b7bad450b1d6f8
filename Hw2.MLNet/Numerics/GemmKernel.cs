using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

/// <summary>
/// The one matrix-multiply implementation behind <see cref="Gemm"/>, organised as in BLIS/GotoBLAS. The class is cut by
/// role into partial files:
/// <list type="bullet">
/// <item>this file: the block sizes and the plan: orientation (<see cref="SwappingPacksLess"/>), few-rows products,
/// column shares for short products, split along K or by row blocks (<see cref="ComputeOriented(int, int, int, GemmOperand, GemmOperand, GemmOperand, float, GemmEpilogue, int)"/>);</item>
/// <item><c>GemmKernel.Narrow.cs</c>: products with a few columns (a layer of ten outputs or one) as dot products of A's rows;</item>
/// <item><c>GemmKernel.RowBlocks.cs</c>: row blocks of C in parallel, op(B) packed per column slab;</item>
/// <item><c>GemmKernel.SplitK.cs</c>: deep, narrow products, one K slice per thread;</item>
/// <item><c>GemmKernel.Packing.cs</c>: the packed and in-place panels of A and B;</item>
/// <item><c>GemmKernel.Tiles.cs</c>: the one tile-dispatch routine and the 256-bit MR×NR micro-kernel;</item>
/// <item><c>GemmKernel.Avx512.cs</c>: two tiles as one in 512-bit registers, side by side or stacked, with the same
/// numbers;</item>
/// <item><c>GemmKernel.Sparse.cs</c>: a short product of a mostly-zero A, row by row over its non-zeros;</item>
/// <item><c>GemmKernel.ZeroDepths.cs</c>: the tiles of mostly-zero A panels over their listed non-zero depth steps
/// (<see cref="DepthLists"/>), with the dense tiles' numbers.</item>
/// </list>
/// Packing buffers are thread-static and reused, so after a thread's first calls a multiply allocates no buffer, only
/// the parallel loop's bookkeeping (BENCHMARKS.md, <i>GEMM constants</i>, has the measurements behind every choice).
/// </summary>
internal static unsafe partial class GemmKernel
{
    /// <summary>Rows of the micro-tile: 6 rows × 2 vectors = 12 accumulators, leaving 4 of the 16 AVX2 registers for B and the broadcasts.</summary>
    internal const int MR = 6;

    /// <summary>Columns of the micro-tile: two 8-float AVX2 vectors (one 512-bit vector on AVX-512).</summary>
    internal const int NR = 16;

    /// <summary>
    /// Depth of one packed block: a B panel of KC × NR floats is 16 KB (half a 32 KB L1D) and an A panel 6 KB. Chosen on
    /// the AMD EPYC Zen 3 (32 KB L1D, 512 KB L2 per core); 192, 320 and 384 were no better on all five deep products.
    /// </summary>
    internal const int KC = 256;

    /// <summary>
    /// Largest row block packed by one task: MCMax × KC floats of A (120 KB) stay in a Zen 3 core's 512 KB L2 beside the
    /// B block. 96 and 192 were slower on the AMD EPYC Zen 3.
    /// </summary>
    internal const int MCMax = 120;

    /// <summary>Floats of the thread's A packing buffer for a row block: MCMax rows at depth KC, with one panel (MR rows) of headroom.</summary>
    private const int PackedARowBlockFloats = (MCMax + MR) * KC;

    /// <summary>Most floats of op(B) packed at once (32 MB); wider or deeper products are done in column slabs.</summary>
    internal const int PackedBBudget = 8 << 20;

    /// <summary>Columns of two adjacent tiles run as one on AVX-512 (<see cref="MicroKernelPair"/>).</summary>
    private const int PairColumns = 2 * NR;

    /// <summary>Rows of two stacked tiles run as one on AVX-512 (<see cref="MicroKernelTall"/>).</summary>
    private const int TallRows = 2 * MR;

    /// <summary>
    /// Depth steps between two software prefetches in the micro-kernels: one 64-byte cache line holds 16 floats, so each
    /// row of A (read along K) needs one prefetch per 16 steps.
    /// </summary>
    private const int PrefetchStepDepth = 16;

    /// <summary>
    /// How far ahead a row-major B is fetched on its first pass: two column panels (2·NR floats, two cache lines) on,
    /// the lines the next but one panel reads. Measured on the AMD EPYC Zen 3 (BENCHMARKS.md, <i>GEMM constants</i>).
    /// </summary>
    private const int BPrefetchAheadFloats = 2 * NR;

    /// <summary>
    /// Depth from which a product much deeper than it is wide is split along K across threads. A product whose C has too
    /// few row panels to give each thread two is split along K too, from one KC block per thread on (the shallow net's
    /// weight gradient δᵀ·X, C of 10 rows; measured on the AMD EPYC Zen 3).
    /// </summary>
    private const int SplitKMinDepth = 2048;

    /// <summary>
    /// From this many rows of C on, full panels of a row-major B are packed too rather than read in place: the copy is
    /// small next to the work that reuses it (the forward X·W1 at 20000 rows; no difference showed for minibatches).
    /// </summary>
    private const int PackAllBMinRows = 1024;

    /// <summary>
    /// From this many rows of a row block on (three row tiles), an in-place B panel is copied into a contiguous L1 buffer
    /// before its tiles read it: below it, the copy costs about what it saves (the shallow net's Cᵀ = δᵀ·X, 10 rows).
    /// </summary>
    private const int CopyPanelMinRows = 3 * MR;

    /// <summary>
    /// The same for the split-K path (one K slice per thread, its KC blocks packed one at a time): the deep net's first
    /// weight gradient δ1ᵀ·X (300 rows) gains from the copy, 100 rows lose, 10 rows (the shallow net) lose most.
    /// </summary>
    private const int SplitKPackAllBMinRows = 256;

    /// <summary>
    /// Most rows of C the split-K path keeps in one row block: 384 rows of packed A at depth <see cref="KC"/> take
    /// 384 KB, within a Zen 3 core's 512 KB L2. Taller products use blocks of <see cref="MCMax"/>.
    /// </summary>
    private const int KSliceMaxRowBlock = 384;

    /// <summary>
    /// Most rows of C for which a product with a row-major A and B is split by columns across the threads
    /// (<see cref="ComputeColumnShares"/>): up to two row blocks, which by rows would make every thread read all of B.
    /// The deep net's Adam minibatch-128 epoch ran 11 % faster split by columns, the [784, 1024, 1024, 10] one 6 %.
    /// </summary>
    private const int ColumnSharesMaxRows = 2 * MCMax;

    /// <summary>Fewest columns of C per thread for the column split: two tile pairs on AVX-512.</summary>
    private const int ColumnShareMinColumns = 2 * PairColumns;

    /// <summary>Below this many multiply-adds a product runs on the calling thread only.</summary>
    private const long ParallelThreshold = 1L << 21;

    /// <summary>
    /// Whether two tiles run as one in 512-bit registers (<see cref="MicroKernelPair"/>, <see cref="MicroKernelTall"/>): on CPUs with
    /// AVX-512 that the runtime accelerates (the Intel Xeon family 6 model 207, see BENCHMARKS.md);
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

    private static bool useTilePairs = TilePairsSupported;

    /// <summary>
    /// Whether products read a fixed matrix's panels from its layout (<see cref="FixedPanels"/>; on by default, the tests
    /// and the benchmark turn it off to compare). Either setting gives the same numbers.
    /// </summary>
    internal static bool UseFixedPanels { get; set; } = true;

    [ThreadStatic]
    private static float[]? packedA;

    [ThreadStatic]
    private static float[]? packedB;

    /// <summary>The row-block path's copy of the one or two in-place B panels its tiles are reading (see <see cref="BlockWork"/>).</summary>
    [ThreadStatic]
    private static float[]? panelCopy;

    /// <summary>The thread's lists of its A panels' non-zero depth steps (see <see cref="DepthLists"/>).</summary>
    [ThreadStatic]
    private static int[]? depthLists;

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

        if (TakesSparseRows(m, n, k, a, b, beta))
        {
            SparseRows(m, n, k, a, b, c, epilogue, ThreadsFor(m, n, k));
            return;
        }

        bool rowsTimesMatrix = m < MR && !b.Transposed;
        a = a with { SkipsZeroDepths = !rowsTimesMatrix && TakesZeroDepthSkipping(m, n, k, a) };
        if (a.SkipsZeroDepths && UseFixedPanels && a.Fixed is { } panels)
        {
            a = a with { Layout = panels.LayoutFor(a) };
        }

        if (k == 0)
        {
            ScaleC(m, n, c, beta);
        }
        else if (!rowsTimesMatrix && !a.SkipsZeroDepths && SwappingPacksLess(m, n, k, a, b))
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

    /// <summary>Cᵀ = op(B)ᵀ·op(A)ᵀ into a pooled buffer, then transposed into C (with beta).</summary>
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
    /// The product in the orientation given, on all cores from <see cref="ParallelThreshold"/> multiply-adds on: see
    /// <see cref="ComputeOriented(int, int, int, GemmOperand, GemmOperand, GemmOperand, float, GemmEpilogue, int)"/>.
    /// </summary>
    private static bool ComputeOriented(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, GemmEpilogue epilogue) =>
        ComputeOriented(m, n, k, a, b, c, beta, epilogue, ThreadsFor(m, n, k));

    /// <summary>Threads for an m × n × k product: every core from <see cref="ParallelThreshold"/> multiply-adds on, else one.</summary>
    internal static int ThreadsFor(int m, int n, int k) => (long)m * n * k >= ParallelThreshold ? Environment.ProcessorCount : 1;

    /// <summary>
    /// The product in the orientation given on <paramref name="threads"/> threads: a short product with a wide row-major
    /// B in one column share per thread, else split along K when deep and narrow or when C has too few row panels for
    /// the threads, else row blocks in parallel. Returns true when the row-block path has applied
    /// <paramref name="epilogue"/> in its tiles (the other paths leave it to the caller).
    /// </summary>
    private static bool ComputeOriented(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, GemmEpilogue epilogue, int threads)
    {
        if (m < MR && !b.Transposed)
        {
            RowsTimesMatrix(m, n, k, a, b, c, beta);
            return false;
        }

        if (n <= NarrowMaxColumns && !a.Transposed)
        {
            NarrowProduct(m, n, k, a, b, c, beta, threads);
            return false;
        }

        if (!a.Transposed && !b.Transposed && SplitsByColumns(m, n, threads))
        {
            ComputeColumnShares(m, n, k, a, b, c, beta, epilogue, threads);
            return true;
        }

        if (SplitsK(m, n, k, threads))
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
    /// True when a product the other paths left is split along K: much deeper than it is wide, or too few row panels
    /// to give each thread two.
    /// </summary>
    private static bool SplitsK(int m, int n, int k, int threads)
    {
        bool deepAndNarrow = k >= SplitKMinDepth && k >= 4L * Math.Max(m, n);
        bool fewRowPanels = (m + MR - 1) / MR < 2 * threads && k >= threads * KC;
        return threads > 1 && (deepAndNarrow || fewRowPanels);
    }

    /// <summary>True when <see cref="ComputeOriented(int, int, int, GemmOperand, GemmOperand, GemmOperand, float, GemmEpilogue, int)"/> splits a row-major A times a row-major B by columns.</summary>
    private static bool SplitsByColumns(int m, int n, int threads) => threads > 1 && m <= ColumnSharesMaxRows && n >= threads * ColumnShareMinColumns;

    /// <summary>
    /// A short product (a minibatch's forward product) in one share of whole tile pairs of columns per thread, each share
    /// on one thread with its epilogue. Split by rows, both threads would read all of B (a 1024-wide layer's 4 MB of
    /// weights for 128 rows of C); split by columns, each reads its own part of B and all of the short A. The same
    /// numbers either way: every element of C is the same sum.
    /// </summary>
    private static void ComputeColumnShares(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, GemmEpilogue epilogue, int threads)
    {
        int share = RoundUp((n + threads - 1) / threads, PairColumns);
        Parallel.For(0, (n + share - 1) / share, t =>
        {
            int j0 = t * share;
            int width = Math.Min(share, n - j0);
            GemmOperand cShare = c with { Offset = c.Offset + j0 };
            GemmEpilogue finish = epilogue.Bias is null ? epilogue : epilogue with { BiasOffset = epilogue.BiasOffset + j0 };
            if (!ComputeOriented(m, width, k, a, b with { Offset = b.Offset + j0 }, cShare, beta, finish, threads: 1))
            {
                finish.Apply(m, width, cShare);
            }
        });
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

    /// <summary>C = beta·C: the whole product when K is 0.</summary>
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

    /// <summary>The thread's depth-list buffer, grown to hold the lists of a row block of <paramref name="rows"/> rows.</summary>
    private static int[] DepthListBuffer(int rows) =>
        depthLists is { } existing && existing.Length >= DepthLists.Length(rows) ? existing : (depthLists = new int[DepthLists.Length(rows)]);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
