using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// A full panel of a row-major op(B) is already 16 contiguous values per depth step: it is read in place (or copied
    /// just before use, on the row-block path), unless <paramref name="packAll"/> asks for a contiguous copy of the whole
    /// slab up front (worth it when many row blocks reuse the panel).
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

    /// <summary>
    /// How many stored rows ahead <see cref="PackTransposedA"/> fetches the run it will pack: the rows are a stride
    /// apart that the hardware does not fetch ahead (the weight gradient Xᵀ·δ1 of 5250 MNIST rows: −5 to −8 % with 8
    /// to 32 rows ahead on the AMD EPYC Zen 4).
    /// </summary>
    private const int PackAPrefetchRows = 16;

    /// <summary>
    /// Packs rows [i0, i0+mc) and depth [p0, p0+kc) of op(A) = Aᵀ (A stored K × M) into MR-row panels, k-major,
    /// zero-padded. Each depth step is one contiguous run of A, scattered over the panels: six values per full panel,
    /// moved as one 4-float and one 2-float copy. With <paramref name="depthLists"/>, each panel's depth steps that are
    /// not all zero are listed there as they are copied (<see cref="DepthLists"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackTransposedA(float* a, int lda, int i0, int mc, int p0, int kc, float* dst, int* depthLists = null)
    {
        int full = mc / MR * MR;
        nint panelStep = (nint)kc * MR;
        DepthLists.Clear(depthLists, (mc + MR - 1) / MR);
        for (int p = 0; p < kc; p++)
        {
            float* src = a + ((long)(p0 + p) * lda) + i0;
            float* d = dst + (p * MR);
            int* list = depthLists;
            if (Sse.IsSupported)
            {
                // Prefetches never fault, so the rows past A's end are harmless.
                float* ahead = src + (PackAPrefetchRows * (long)lda);
                for (int j = 0; j < mc; j += NR)
                {
                    Sse.Prefetch0(ahead + j);
                }

                Sse.Prefetch0(ahead + mc - 1);
            }

            int ir = 0;
            for (; ir < full; ir += MR, d += panelStep)
            {
                Vector128<float> head = Vector128.Load(src + ir);
                long tail = *(long*)(src + ir + 4);
                Vector128.Store(head, d);
                *(long*)(d + 4) = tail;
                if (list != null)
                {
                    DepthLists.Append(list, p, (head.AsUInt64() | Vector128.CreateScalar((ulong)tail)) != Vector128<ulong>.Zero);
                    list += DepthLists.Stride;
                }
            }

            if (ir < mc)
            {
                for (int i = 0; i < MR; i++)
                {
                    d[i] = ir + i < mc ? src[ir + i] : 0f;
                }

                if (list != null)
                {
                    DepthLists.Append(list, p, DepthLists.AnyBits(d, 1));
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
                    // Fetch this row's line two panels on, which the next PackB calls copy (see ComputeKSlice).
                    Sse.Prefetch0(src + BPrefetchAheadFloats);
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
}

/// <summary>
/// Where the micro-kernel finds the A panels of one (row block, K block): a transposed A is packed into contiguous
/// MR-row panels; a row-major A is read in place (its rows are already contiguous along K), which saves a full copy
/// of A — most of the cost of products with few output columns. For an A that skips its zero depth steps
/// (<see cref="GemmOperand.SkipsZeroDepths"/>), each full panel's non-zero depth steps are listed too.
/// </summary>
internal readonly unsafe struct APanels
{
    private readonly float* origin;
    private readonly nint panelStep;
    private readonly int* depthLists;

    private APanels(float* origin, nint panelStep, nint rowStride, nint depthStride, int* depthLists)
    {
        this.origin = origin;
        this.panelStep = panelStep;
        this.depthLists = depthLists;
        RowStride = rowStride;
        DepthStride = depthStride;
    }

    /// <summary>Floats from one row of a panel to the next: 1 packed, lda in place.</summary>
    public nint RowStride { get; }

    /// <summary>Floats from one depth step to the next: MR packed, 1 in place.</summary>
    public nint DepthStride { get; }

    /// <summary>
    /// True for packed panels (a transposed A): they are zero-padded to MR rows, so a kernel may read all MR rows of a
    /// short tile. Rows of an A read in place past its last tile may lie past the end of A.
    /// </summary>
    public bool IsPacked => DepthStride != 1;

    /// <summary>
    /// Packs (transposed A) or points into (row-major A) rows [ic, ic + rows) × depth [pc, pc + kc); with
    /// <paramref name="depthLists"/> (room for <see cref="DepthLists.Stride"/> ints per panel), lists every full panel's
    /// non-zero depth steps there.
    /// </summary>
    /// <remarks>
    /// An A with a fixed layout (<see cref="GemmOperand.Layout"/>) is neither packed nor listed: its panels are read from
    /// the layout, which holds what this would make.
    /// </remarks>
    public static APanels Prepare(float* aData, GemmOperand a, int ic, int rows, int pc, int kc, float* packBuffer, int* depthLists = null)
    {
        if (a.Layout is { } layout && layout.TryPanels(aData, a, ic, pc, kc, out APanels fixedPanels))
        {
            return fixedPanels;
        }

        if (a.Transposed)
        {
            GemmKernel.PackTransposedA(aData + a.Offset, a.Stride, ic, rows, pc, kc, packBuffer, depthLists);
            return Packed(packBuffer, kc, depthLists);
        }

        float* origin = aData + a.Offset + ((long)ic * a.Stride) + pc;
        DepthLists.FillRows(depthLists, origin, a.Stride, rows / GemmKernel.MR, kc);
        return InPlace(origin, a.Stride, depthLists);
    }

    /// <summary>Packed MR-row panels of depth <paramref name="kc"/> from <paramref name="panels"/>, with their lists (or null).</summary>
    public static APanels Packed(float* panels, int kc, int* depthLists) => new(panels, kc, 1, GemmKernel.MR, depthLists);

    /// <summary>The rows of a row-major A read in place from <paramref name="origin"/>, <paramref name="lda"/> apart, with the lists of its full panels (or null).</summary>
    public static APanels InPlace(float* origin, nint lda, int* depthLists) => new(origin, lda, lda, 1, depthLists);

    /// <summary>The panel starting at row <paramref name="ir"/> of the block (a multiple of MR).</summary>
    public float* Panel(int ir) => origin + (ir * panelStep);

    /// <summary>
    /// The listed non-zero depth steps of the panel at row <paramref name="ir"/>, or null when the block has no lists or
    /// every step of the panel is listed (<see cref="DepthLists.Pays"/>).
    /// </summary>
    public int* SparseDepths(int ir, int kc, out int count)
    {
        count = 0;
        if (depthLists == null)
        {
            return null;
        }

        int* list = depthLists + (ir / GemmKernel.MR * DepthLists.Stride);
        count = DepthLists.Count(list);
        return DepthLists.Pays(count, kc) ? DepthLists.Depths(list) : null;
    }
}

/// <summary>A row-major operand of <see cref="GemmKernel"/>: storage, first element, row stride, and whether op() transposes it.</summary>
internal readonly record struct GemmOperand(float[] Data, int Offset, int Stride, bool Transposed)
{
    /// <summary>
    /// For A: whether its panels list their non-zero depth steps and the tiles of sparse panels run over those only
    /// (<see cref="GemmKernel.TakesZeroDepthSkipping"/> decides it once per product).
    /// </summary>
    public bool SkipsZeroDepths { get; init; }

    /// <summary>
    /// For A: the panels a fixed matrix keeps (<see cref="Matrix.AsFixed"/>), when it has them; a product that skips zero
    /// depth steps reads its panels from <see cref="Layout"/>, made from these on its first call.
    /// </summary>
    public FixedPanels? Fixed { get; init; }

    /// <summary>For A: the fixed layout its panels are read from (set by <see cref="GemmKernel.Compute"/> from <see cref="Fixed"/>).</summary>
    public PanelLayout? Layout { get; init; }
}
