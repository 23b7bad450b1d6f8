using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// Densest row-major A (share of non-zero values in its first rows) that a short product takes as sparse: MNIST's
    /// pixels are 19 % non-zero, a ReLU layer's outputs about half, a quarter after dropout at 0.5.
    /// </summary>
    internal const float SparseMaxDensity = 0.3f;

    /// <summary>Rows of A sampled to decide whether it is sparse.</summary>
    private const int SparseSampleRows = 16;

    /// <summary>Fewest columns of B for the sparse path: each non-zero of A is one broadcast for a whole row of B.</summary>
    private const int SparseMinColumns = 64;

    /// <summary>Deepest A the sparse path takes: a row's non-zero positions are listed on the stack.</summary>
    private const int SparseMaxDepth = 4096;

    /// <summary>Whether sparse A goes through <see cref="SparseRows"/> (on by default; tests turn it off to compare with the dense path).</summary>
    internal static bool UseSparseRows { get; set; } = true;

    /// <summary>
    /// True when C = A·B (row-major A and B, beta 0, C of <see cref="MR"/> to <see cref="ColumnSharesMaxRows"/> rows: a
    /// minibatch's first layer) goes through <see cref="SparseRows"/>: A's first rows are at most
    /// <see cref="SparseMaxDensity"/> non-zero, and the dense path would form its sums by K blocks (not one row at a
    /// time, not split along K), which the sparse path reproduces.
    /// </summary>
    internal static bool TakesSparseRows(int m, int n, int k, GemmOperand a, GemmOperand b, float beta)
    {
        if (!UseSparseRows || !Avx2.IsSupported || !Fma.IsSupported || a.Transposed || b.Transposed || beta != 0f || m < MR || m > ColumnSharesMaxRows || n < SparseMinColumns || k > SparseMaxDepth || k < NR)
        {
            return false;
        }

        int threads = ThreadsFor(m, n, k);
        if (!SplitsByColumns(m, n, threads) && SplitsK(m, n, k, threads))
        {
            return false;
        }

        int rows = Math.Min(m, SparseSampleRows);
        long nonZero = 0;
        for (int i = 0; i < rows; i++)
        {
            nonZero += CountNonZero(a.Data.AsSpan(a.Offset + (i * a.Stride), k));
        }

        return nonZero <= SparseMaxDensity * rows * k;
    }

    private static int CountNonZero(ReadOnlySpan<float> values)
    {
        int count = 0;
        int p = 0;
        for (; p <= values.Length - Vector256<float>.Count; p += Vector256<float>.Count)
        {
            uint zero = Vector256.Equals(Vector256.Create(values.Slice(p, Vector256<float>.Count)), Vector256<float>.Zero).ExtractMostSignificantBits();
            count += Vector256<float>.Count - BitOperations.PopCount(zero);
        }

        for (; p < values.Length; p++)
        {
            count += values[p] != 0f ? 1 : 0;
        }

        return count;
    }

    /// <summary>
    /// C = A·B for a mostly-zero row-major A: each row of C is the sum of the rows of B at its row of A's non-zero
    /// positions, times those values, so the work follows A's non-zeros instead of its size. The sums are formed as the
    /// row-block path forms them — per K block of <see cref="KC"/> in depth order from zero, the blocks then added in
    /// order — and a zero of A contributes exactly nothing there, so for finite B the numbers are those of the dense
    /// path bit for bit. Rows are split over the threads; the columns past the last whole pass go through one pass of
    /// masked vectors. The epilogue is applied as each element is stored.
    /// </summary>
    private static void SparseRows(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, GemmEpilogue epilogue, int threads)
    {
        int share = (m + threads - 1) / threads;
        int shares = (m + share - 1) / share;
        if (shares > 1)
        {
            Parallel.For(0, shares, s => SparseRowsShare(s * share, Math.Min(share, m - (s * share)), n, k, a, b, c, epilogue));
        }
        else
        {
            SparseRowsShare(0, m, n, k, a, b, c, epilogue);
        }
    }

    /// <summary>Columns per pass of the 512-bit sparse kernel: eight vectors of sums and eight of the K block's sums.</summary>
    private const int SparseWidePanel = 8 * 16;

    /// <summary>Columns per pass of the 256-bit sparse kernel: four vectors of each, within the 16 AVX2 registers.</summary>
    private const int SparsePanel = 4 * 8;

    /// <summary>Rows [<paramref name="row0"/>, + <paramref name="rows"/>) of C.</summary>
    /// <remarks>
    /// Compiled fully optimised from the first call, as <see cref="SparseRow.Fill"/> is: tiered compilation kept them
    /// in unoptimised code through whole short runs, which took half the path's time.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SparseRowsShare(int row0, int rows, int columns, int k, GemmOperand a, GemmOperand b, GemmOperand c, GemmEpilogue epilogue)
    {
        int* positions = stackalloc int[k];
        float* values = stackalloc float[k];
        int blocks = (k + KC - 1) / KC;
        int* blockEnds = stackalloc int[blocks];

        // The last pass's lane masks, the same for every row: set for the columns left after the whole passes.
        int panel = UseTilePairs ? SparseWidePanel : SparsePanel;
        float* tail = stackalloc float[panel];
        for (int l = 0; l < panel; l++)
        {
            tail[l] = l < columns % panel ? BitConverter.Int32BitsToSingle(-1) : 0f;
        }

        fixed (float* aData = a.Data)
        fixed (float* bData = b.Data)
        fixed (float* cData = c.Data)
        fixed (float* biasData = epilogue.Bias)
        {
            var finish = new TileEpilogue(biasData == null ? null : biasData + epilogue.BiasOffset, epilogue.Relu);
            for (int i = row0; i < row0 + rows; i++)
            {
                var list = new SparseRow(positions, values, blockEnds, blocks);
                list.Fill(aData + a.Offset + ((long)i * a.Stride), k);
                float* bRows = bData + b.Offset;
                float* cRow = cData + c.Offset + ((long)i * c.Stride);
                if (UseTilePairs)
                {
                    SparseRowWide(list, bRows, b.Stride, cRow, columns, finish, tail);
                }
                else
                {
                    SparseRowNarrow(list, bRows, b.Stride, cRow, columns, finish, tail);
                }
            }
        }
    }

    /// <summary>One row of A's non-zeros in depth order: positions and values, and where each K block's entries end.</summary>
    private readonly struct SparseRow(int* positions, float* values, int* blockEnds, int blocks)
    {
        /// <summary>Lists the non-zeros of <paramref name="row"/> (<paramref name="k"/> values), eight at a time by a comparison mask.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Fill(float* row, int k)
        {
            int count = 0;
            for (int blk = 0; blk < Blocks; blk++)
            {
                int end = Math.Min(k, (blk + 1) * KC);
                int p = blk * KC;
                for (; p + 8 <= end; p += 8)
                {
                    // Eight entries stored from the count on: never past position p + 7 of k, as the count is at most p.
                    Vector256<float> lanes = Vector256.Load(row + p);
                    uint mask = ~Vector256.Equals(lanes, Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                    count += SetBitPositions.Store(Positions + count, Values + count, mask, lanes, p);
                }

                for (; p < end; p++)
                {
                    if (row[p] != 0f)
                    {
                        Positions[count] = p;
                        Values[count++] = row[p];
                    }
                }

                BlockEnds[blk] = count;
            }
        }

        public int* Positions { get; } = positions;

        public float* Values { get; } = values;

        public int* BlockEnds { get; } = blockEnds;

        public int Blocks { get; } = blocks;
    }

    /// <summary>
    /// One row of C on AVX-512 hardware: passes of 128 columns (eight vectors of sums and eight of the K block's sums),
    /// then one pass of vectors masked by <paramref name="tail"/> over the columns left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SparseRowWide(in SparseRow row, float* b, int ldb, float* c, int columns, in TileEpilogue finish, float* tail)
    {
        int j = 0;
        for (; j + SparseWidePanel <= columns; j += SparseWidePanel)
        {
            SparsePassWide(row, b + j, ldb, c + j, finish.Shifted(j), null);
        }

        if (j < columns)
        {
            SparsePassWide(row, b + j, ldb, c + j, finish.Shifted(j), tail);
        }
    }

    /// <summary>
    /// 128 columns of one row of C; with <paramref name="lanes"/> (a mask per column: all bits set for a column of C),
    /// every load of B and store of C is masked by them (inlined twice, so each copy has its loads fixed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SparsePassWide(in SparseRow row, float* b, int ldb, float* c, in TileEpilogue finish, float* lanes)
    {
        bool masked = lanes != null;
        Vector512<float> m0 = default, m1 = default, m2 = default, m3 = default, m4 = default, m5 = default, m6 = default, m7 = default;
        if (masked)
        {
            (m0, m1, m2, m3) = (Vector512.Load(lanes), Vector512.Load(lanes + 16), Vector512.Load(lanes + 32), Vector512.Load(lanes + 48));
            (m4, m5, m6, m7) = (Vector512.Load(lanes + 64), Vector512.Load(lanes + 80), Vector512.Load(lanes + 96), Vector512.Load(lanes + 112));
        }

        int* positions = row.Positions;
        float* values = row.Values;
        Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default;
        int q = 0;
        for (int blk = 0; blk < row.Blocks; blk++)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (int end = row.BlockEnds[blk]; q < end; q++)
            {
                float* br = b + ((long)positions[q] * ldb);
                Vector512<float> v = Vector512.Create(values[q]);
                s0 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br, m0, default) : Vector512.Load(br), s0);
                s1 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 16, m1, default) : Vector512.Load(br + 16), s1);
                s2 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 32, m2, default) : Vector512.Load(br + 32), s2);
                s3 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 48, m3, default) : Vector512.Load(br + 48), s3);
                s4 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 64, m4, default) : Vector512.Load(br + 64), s4);
                s5 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 80, m5, default) : Vector512.Load(br + 80), s5);
                s6 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 96, m6, default) : Vector512.Load(br + 96), s6);
                s7 = Avx512F.FusedMultiplyAdd(v, masked ? Avx512F.MaskLoad(br + 112, m7, default) : Vector512.Load(br + 112), s7);
            }

            if (blk == 0)
            {
                (t0, t1, t2, t3, t4, t5, t6, t7) = (s0, s1, s2, s3, s4, s5, s6, s7);
            }
            else
            {
                t0 += s0;
                t1 += s1;
                t2 += s2;
                t3 += s3;
                t4 += s4;
                t5 += s5;
                t6 += s6;
                t7 += s7;
            }
        }

        StoreSparse(c, t0, 0, finish, masked, m0);
        StoreSparse(c, t1, 16, finish, masked, m1);
        StoreSparse(c, t2, 32, finish, masked, m2);
        StoreSparse(c, t3, 48, finish, masked, m3);
        StoreSparse(c, t4, 64, finish, masked, m4);
        StoreSparse(c, t5, 80, finish, masked, m5);
        StoreSparse(c, t6, 96, finish, masked, m6);
        StoreSparse(c, t7, 112, finish, masked, m7);
    }

    /// <summary>Stores 16 finished values at column <paramref name="column"/>: the epilogue's bias loaded and the values stored under the mask when masked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSparse(float* c, Vector512<float> value, int column, in TileEpilogue finish, bool masked, Vector512<float> mask)
    {
        if (masked)
        {
            finish.Finish(ref value, column, mask);
            Avx512F.MaskStore(c + column, mask, value);
        }
        else
        {
            finish.Finish(ref value, column);
            Vector512.Store(value, c + column);
        }
    }

    /// <summary>
    /// One row of C on AVX2 hardware: passes of 32 columns (four 256-bit vectors of sums and four of the K block's),
    /// then one pass of vectors masked by <paramref name="tail"/> over the columns left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SparseRowNarrow(in SparseRow row, float* b, int ldb, float* c, int columns, in TileEpilogue finish, float* tail)
    {
        int j = 0;
        for (; j + SparsePanel <= columns; j += SparsePanel)
        {
            SparsePass(row, b + j, ldb, c + j, finish.Shifted(j), null);
        }

        if (j < columns)
        {
            SparsePass(row, b + j, ldb, c + j, finish.Shifted(j), tail);
        }
    }

    /// <summary>The 256-bit <see cref="SparsePassWide"/>: 32 columns, four vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SparsePass(in SparseRow row, float* b, int ldb, float* c, in TileEpilogue finish, float* lanes)
    {
        bool masked = lanes != null;
        Vector256<float> m0 = default, m1 = default, m2 = default, m3 = default;
        if (masked)
        {
            (m0, m1, m2, m3) = (Vector256.Load(lanes), Vector256.Load(lanes + 8), Vector256.Load(lanes + 16), Vector256.Load(lanes + 24));
        }

        int* positions = row.Positions;
        float* values = row.Values;
        Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
        int q = 0;
        for (int blk = 0; blk < row.Blocks; blk++)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (int end = row.BlockEnds[blk]; q < end; q++)
            {
                float* br = b + ((long)positions[q] * ldb);
                Vector256<float> v = Vector256.Create(values[q]);
                s0 = MulAdd(v, masked ? Avx.MaskLoad(br, m0) : Vector256.Load(br), s0);
                s1 = MulAdd(v, masked ? Avx.MaskLoad(br + 8, m1) : Vector256.Load(br + 8), s1);
                s2 = MulAdd(v, masked ? Avx.MaskLoad(br + 16, m2) : Vector256.Load(br + 16), s2);
                s3 = MulAdd(v, masked ? Avx.MaskLoad(br + 24, m3) : Vector256.Load(br + 24), s3);
            }

            (t0, t1, t2, t3) = blk == 0 ? (s0, s1, s2, s3) : (t0 + s0, t1 + s1, t2 + s2, t3 + s3);
        }

        finish.Finish(ref t0, ref t1, masked, m0, m1);
        finish.Shifted(16).Finish(ref t2, ref t3, masked, m2, m3);
        if (masked)
        {
            Avx.MaskStore(c, m0, t0);
            Avx.MaskStore(c + 8, m1, t1);
            Avx.MaskStore(c + 16, m2, t2);
            Avx.MaskStore(c + 24, m3, t3);
        }
        else
        {
            Vector256.Store(t0, c);
            Vector256.Store(t1, c + 8);
            Vector256.Store(t2, c + 16);
            Vector256.Store(t3, c + 24);
        }
    }
}
