namespace Hw2.MLNet.Numerics;

/// <summary>
/// Every K block's A panels of one fixed matrix in one orientation (<see cref="FixedPanels"/>): the depth lists of all
/// its panels (<see cref="DepthLists"/>), and for op(A) = Aᵀ the packed panels, laid out as a product's row blocks make
/// them (row blocks start at multiples of MR, K blocks at multiples of KC of the whole depth), so a row block's panels
/// are a slice of the layout. The arrays live on the pinned heap: the panels handed out point into them.
/// </summary>
internal sealed unsafe class PanelLayout
{
    private readonly int offset;
    private readonly int depth;
    private readonly int panels;
    private readonly bool transposed;
    private readonly float[]? packed;
    private readonly int[] lists;

    private PanelLayout(int offset, int depth, int panels, bool transposed, float[]? packed, int[] lists)
    {
        this.offset = offset;
        this.depth = depth;
        this.panels = panels;
        this.transposed = transposed;
        this.packed = packed;
        this.lists = lists;
    }

    /// <summary>Floats of one K block of packed panels (every block at the stride of a full one).</summary>
    private int PackedBlock => panels * GemmKernel.MR * GemmKernel.KC;

    /// <summary>The lists of the full MR-row panels of a row-major A, read in place by the products.</summary>
    public static PanelLayout RowMajor(Matrix matrix)
    {
        (int rows, int cols, int offset) = (matrix.Rows, matrix.Cols, matrix.Offset);
        int panels = rows / GemmKernel.MR;
        var layout = new PanelLayout(offset, cols, panels, transposed: false, packed: null, ListArray(panels, cols));
        fixed (float* a = matrix.Data)
        fixed (int* l = layout.lists)
        {
            for (int pc = 0; pc < cols; pc += GemmKernel.KC)
            {
                DepthLists.FillRows(l + layout.ListsIndex(pc, 0), a + offset + pc, cols, panels, Math.Min(GemmKernel.KC, cols - pc));
            }
        }

        return layout;
    }

    /// <summary>
    /// The packed panels of op(A) = Aᵀ (depth along the stored rows, the last panel zero-padded) and their lists.
    /// </summary>
    public static PanelLayout Transposed(Matrix matrix)
    {
        (int rows, int cols, int offset) = (matrix.Rows, matrix.Cols, matrix.Offset);
        int panels = (cols + GemmKernel.MR - 1) / GemmKernel.MR;
        int blocks = (rows + GemmKernel.KC - 1) / GemmKernel.KC;
        float[] packed = GC.AllocateUninitializedArray<float>(blocks * panels * GemmKernel.MR * GemmKernel.KC, pinned: true);
        var layout = new PanelLayout(offset, rows, panels, transposed: true, packed, ListArray(panels, rows));
        fixed (float* a = matrix.Data)
        fixed (float* p = packed)
        fixed (int* l = layout.lists)
        {
            for (int pc = 0; pc < rows; pc += GemmKernel.KC)
            {
                int kc = Math.Min(GemmKernel.KC, rows - pc);
                GemmKernel.PackTransposedA(a + offset, cols, 0, cols, pc, kc, p + ((long)pc / GemmKernel.KC * layout.PackedBlock), l + layout.ListsIndex(pc, 0));
            }
        }

        return layout;
    }

    /// <summary>
    /// The panels of rows [<paramref name="ic"/>, …) of <paramref name="a"/> (a K slice of the matrix, or all of it) at
    /// depth <paramref name="pc"/> of the slice, as <see cref="APanels.Prepare"/> would make them; false when the block
    /// does not start on the layout's boundaries.
    /// </summary>
    public bool TryPanels(float* aData, GemmOperand a, int ic, int pc, int kc, out APanels result)
    {
        result = default;
        long shift = a.Offset - offset;
        long at = (transposed ? shift / a.Stride : shift) + pc;
        if ((transposed && shift % a.Stride != 0) || at < 0 || at % GemmKernel.KC != 0 || kc != Math.Min(GemmKernel.KC, depth - at) || ic % GemmKernel.MR != 0)
        {
            return false;
        }

        // Both arrays are pinned, so the pointers stay valid past the fixed statements.
        fixed (int* l = lists)
        fixed (float* p = packed)
        {
            int* blockLists = l + ListsIndex((int)at, ic / GemmKernel.MR);
            result = transposed
                ? APanels.Packed(p + ((long)at / GemmKernel.KC * PackedBlock) + ((long)ic * kc), kc, blockLists)
                : APanels.InPlace(aData + a.Offset + ((long)ic * a.Stride) + pc, a.Stride, blockLists);
        }

        return true;
    }

    private static int[] ListArray(int panels, int depth) =>
        GC.AllocateUninitializedArray<int>(((depth + GemmKernel.KC - 1) / GemmKernel.KC) * Math.Max(panels, 1) * DepthLists.Stride, pinned: true);

    private long ListsIndex(int pc, int panel) => (((long)pc / GemmKernel.KC * panels) + panel) * DepthLists.Stride;
}
