using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// For deep, small products (the weight gradient hᵀ·δ of a large batch): each thread takes one slice of K and
    /// runs the classic GotoBLAS order on it (<see cref="ComputeKSlice"/>), so the packed block stays in that core's cache;
    /// the threads' partial products are summed at the end, in slice order.
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
                ComputeKSlice(m, n, depth, aSlice, bSlice, c, beta);
            }
            else
            {
                float[] partial = System.Buffers.ArrayPool<float>.Shared.Rent(m * n);
                partials[t - 1] = partial;
                ComputeKSlice(m, n, depth, aSlice, bSlice, new GemmOperand(partial, 0, n, false), 0f);
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
    /// One thread's product in GotoBLAS order: K blocks outermost, each packed B block reused for every row block. Up to
    /// <see cref="KSliceMaxRowBlock"/> rows of C form one row block (all A panels of a K block stay in L2), and a B panel is
    /// packed just before the first row block uses it, so it is multiplied while still in L1. A row-major B is read (in
    /// place or to pack it) one cache line of each of kc rows per column panel, a stride the hardware does not fetch
    /// ahead: the first row block's tiles fetch B <see cref="BPrefetchAheadFloats"/> on (see <see cref="PackB"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeKSlice(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta)
    {
        int width = RoundUp(n, NR);
        int mc = m <= KSliceMaxRowBlock ? m : MCMax;
        float[] bp = packedB is { } existing && existing.Length >= KC * width ? existing : (packedB = new float[KC * width]);
        float[] ap = packedA is { } existingA && existingA.Length >= RoundUp(mc, MR) * KC ? existingA : (packedA = new float[RoundUp(mc, MR) * KC]);
        fixed (float* aData = a.Data)
        fixed (float* bData = b.Data)
        fixed (float* cData = c.Data)
        fixed (float* pbp = bp)
        fixed (float* pap = ap)
        fixed (int* lists = a.SkipsZeroDepths ? DepthListBuffer(mc) : null)
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
                    APanels panels = APanels.Prepare(aData, a, ic, rows, pc, kc, pap, lists);
                    for (int jr = 0; jr < n;)
                    {
                        int nr = Math.Min(NR, n - jr);
                        bool pair = UseTilePairs && n - jr >= PairColumns;
                        bool inPlace = ReadsBInPlace(b, nr, packAll);
                        if (ic == 0 && !inPlace)
                        {
                            // The panel (or both panels of a pair: full, so packed alike) just before its first use.
                            for (int j = jr; j < jr + (pair ? PairColumns : nr); j += NR)
                            {
                                PackB(bData + b.Offset, b.Stride, b.Transposed, j, Math.Min(NR, n - j), pc, kc, pbp + (j * kc));
                            }
                        }

                        float* bPanel = BPanel(bData, b, pc, jr, nr, pbp + (jr * kc), packAll, out nint bStride);
                        nint nextPanel = inPlace ? NR : (nint)kc * NR;
                        float* cTiles = pcc + ((long)ic * c.Stride) + jr;
                        RunTiles(kc, panels, rows, bPanel, nextPanel, bStride, cTiles, c.Stride, nr, pair, tallTiles: false, blockBeta, default, prefetchNextRows: false, prefetchBOnFirstTile: ic == 0 && inPlace);
                        jr += pair ? PairColumns : NR;
                    }
                }
            }
        }
    }
}
