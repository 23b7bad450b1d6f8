using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// The row-block path: the state shared by the tasks of one column slab. First every (NR panel, KC block) of op(B) is
    /// packed, then each row block of C runs through all KC blocks, packing its own A panels (no barrier between KC
    /// blocks), and applies the product's epilogue (bias, ReLU) in its tiles after the last one. A panel of a row-major B
    /// that is not packed (C under <see cref="PackAllBMinRows"/> rows: minibatches) is copied by each row block into a
    /// buffer of its thread just before its tiles read it, so they read it contiguous from L1.
    /// </summary>
    private sealed class BlockWork(GemmOperand a, GemmOperand b, GemmOperand c, float[] packedBSlab, int m, int mc, int k, float beta, GemmEpilogue epilogue)
    {
        private readonly int kBlocks = (k + KC - 1) / KC;

        private readonly bool packAll = m >= PackAllBMinRows;
        private int jc;
        private int nc;
        private Action<int>? packBAction;
        private Action<int>? runBlockAction;

        public Action<int> PackBAction => packBAction ??= PackB;

        public Action<int> RunBlockAction => runBlockAction ??= RunBlock;

        public int PackTaskCount => ((nc + NR - 1) / NR) * kBlocks;

        public void SetSlab(int jcValue, int ncValue)
        {
            jc = jcValue;
            nc = ncValue;
        }

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

        /// <summary>
        /// Copies <paramref name="count"/> adjacent in-place B panels (kc rows of NR floats, <paramref name="ldb"/> apart)
        /// into <paramref name="dst"/>, panel after panel at stride NR, and returns it.
        /// </summary>
        private static float* CopyPanels(float* src, int ldb, int kc, int count, float* dst)
        {
            for (int panel = 0; panel < count; panel++)
            {
                GemmKernel.PackB(src + (panel * NR), ldb, transposeB: false, 0, NR, 0, kc, dst + (panel * kc * NR));
            }

            return dst;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunBlock(int block)
        {
            int ic = block * mc;
            int rows = Math.Min(mc, m - ic);
            float[] ap = packedA ??= new float[PackedARowBlockFloats];
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
            fixed (float* pcp = panelCopy ??= new float[KC * PairColumns])
            fixed (int* lists = a.SkipsZeroDepths ? DepthListBuffer(rows) : null)
            {
                float* pcc = cData + c.Offset;
                int ldc = c.Stride;
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    float blockBeta = pc == 0 ? beta : 1f;
                    bool lastBlock = pc + kc == k;

                    // A row-major A comes from memory on the block's first B panel only (the later panels find its
                    // rows in L2): those tiles fetch the next tile's rows ahead.
                    bool prefetchA = !a.Transposed;
                    float* bBlock = pbp + ((long)pc * RoundUp(nc, NR));
                    APanels panels = APanels.Prepare(aData, a, ic, rows, pc, kc, pap, lists);
                    for (int jr = 0; jr < nc;)
                    {
                        int nr = Math.Min(NR, nc - jr);
                        bool pair = UseTilePairs && nc - jr >= PairColumns;
                        bool inPlace = ReadsBInPlace(b, nr, packAll);
                        float* bPanel = BPanel(bData, b, pc, jc + jr, nr, bBlock + (jr * kc), packAll, out nint bStride);
                        nint nextPanel = inPlace ? NR : (nint)kc * NR;
                        if (inPlace && rows >= CopyPanelMinRows)
                        {
                            // An in-place panel read by several tiles: copied first, so the tiles after the copy find it
                            // contiguous in L1 instead of kc rows spread over kc · ldb floats (4 KB apart for a
                            // 1024-wide B, all in one L1 set).
                            bPanel = CopyPanels(bPanel, b.Stride, kc, pair ? 2 : 1, pcp);
                            bStride = NR;
                            nextPanel = (nint)kc * NR;
                        }

                        TileEpilogue finish = lastBlock ? new(biasData == null ? null : biasData + epilogue.BiasOffset + jc + jr, epilogue.Relu) : default;
                        float* cTiles = pcc + ((long)ic * ldc) + jc + jr;
                        RunTiles(kc, panels, rows, bPanel, nextPanel, bStride, cTiles, ldc, nr, pair, tallTiles: true, blockBeta, finish, prefetchA && jr == 0, prefetchBOnFirstTile: false);
                        jr += pair ? PairColumns : NR;
                    }
                }
            }
        }
    }
}
