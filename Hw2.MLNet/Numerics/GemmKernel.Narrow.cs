using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// Widest op(B) the narrow path takes (ten classes, one score, two passes of five columns at most): a tile of NR
    /// columns would leave lanes idle and use each element of A once, read by a broadcast from one of six rows at once.
    /// </summary>
    internal const int NarrowMaxColumns = 10;

    /// <summary>
    /// Columns of op(B) per pass of <see cref="NarrowBlock"/>: two rows by five columns are ten independent sums, enough
    /// to keep both FMA pipes busy, with the two rows and one column vector in 13 of the 16 AVX2 registers (four columns
    /// left a ten-column product a third pass and ran it 24 % slower).
    /// </summary>
    private const int NarrowColumnGroup = 5;

    /// <summary>Rows of C per task of the narrow path when it runs on several threads.</summary>
    private const int NarrowRowsPerTask = 96;

    /// <summary>Rows of A per pass of <see cref="NarrowBlockWide"/>: two 512-bit row pairs, ten sums as in the 256-bit kernel.</summary>
    private const int NarrowWideRows = 4;

    /// <summary>The narrow path's columns of op(B), stored as rows of K floats and padded to a whole column group with zeros.</summary>
    [ThreadStatic]
    private static float[]? narrowColumns;

    /// <summary>
    /// C = op(B)'s few columns dotted with each row of a row-major A (a layer with ten outputs or one): rows of A read
    /// in order eight floats at a time, two rows by five columns per pass (four rows in 512-bit registers on AVX-512
    /// hardware, with the same numbers), each sum finished across its lanes and then over the depth left after the last
    /// whole vector; row tasks on <paramref name="threads"/> threads. Leaves the epilogue to the caller.
    /// </summary>
    private static void NarrowProduct(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta, int threads)
    {
        int length = NarrowColumnsLength(n, k);
        float[] columns = narrowColumns is { } existing && existing.Length >= length ? existing : (narrowColumns = new float[length]);
        PackNarrowColumns(n, k, b, columns);
        int tasks = (m + NarrowRowsPerTask - 1) / NarrowRowsPerTask;
        if (threads > 1 && tasks > 1)
        {
            Parallel.For(0, tasks, t => NarrowRows(t * NarrowRowsPerTask, Math.Min(NarrowRowsPerTask, m - (t * NarrowRowsPerTask)), n, k, a, columns, c, beta));
        }
        else
        {
            NarrowRows(0, m, n, k, a, columns, c, beta);
        }
    }

    /// <summary>Floats <see cref="PackNarrowColumns"/> writes for <paramref name="n"/> columns of depth <paramref name="k"/>.</summary>
    internal static int NarrowColumnsLength(int n, int k) => (n + NarrowColumnGroup - 1) / NarrowColumnGroup * NarrowColumnGroup * k;

    /// <summary>
    /// The <paramref name="n"/> columns of op(B) as rows of <paramref name="k"/> floats in <paramref name="columns"/>, padded
    /// with zero columns to a whole column group: the layout <see cref="NarrowRows"/> reads.
    /// </summary>
    internal static void PackNarrowColumns(int n, int k, GemmOperand b, float[] columns)
    {
        int padded = NarrowColumnsLength(n, k) / k;
        for (int j = 0; j < padded; j++)
        {
            Span<float> column = columns.AsSpan(j * k, k);
            if (j >= n)
            {
                column.Clear();
            }
            else if (b.Transposed)
            {
                b.Data.AsSpan(b.Offset + (j * b.Stride), k).CopyTo(column);
            }
            else
            {
                for (int p = 0; p < k; p++)
                {
                    column[p] = b.Data[b.Offset + (p * b.Stride) + j];
                }
            }
        }
    }

    /// <summary>
    /// Rows [<paramref name="row0"/>, + <paramref name="rows"/>) of the narrow product, four at a time on AVX-512
    /// hardware, then two at a time; an odd last row is paired with itself and its copy's sums go to a scratch row, so
    /// the 256-bit kernel has one shape.
    /// </summary>
    internal static void NarrowRows(int row0, int rows, int n, int k, GemmOperand a, float[] columns, GemmOperand c, float beta)
    {
        float* scratch = stackalloc float[NarrowColumnGroup];
        fixed (float* aData = a.Data)
        fixed (float* w = columns)
        fixed (float* cData = c.Data)
        {
            int i = row0;
            if (UseTilePairs)
            {
                for (; i + NarrowWideRows <= row0 + rows; i += NarrowWideRows)
                {
                    float* a0 = aData + a.Offset + ((long)i * a.Stride);
                    float* c0 = cData + c.Offset + ((long)i * c.Stride);
                    for (int j = 0; j < n; j += NarrowColumnGroup)
                    {
                        NarrowBlockWide(a0, a.Stride, w + ((long)j * k), k, c0 + j, c.Stride, Math.Min(NarrowColumnGroup, n - j), beta);
                    }
                }
            }

            for (; i < row0 + rows; i += 2)
            {
                bool pair = i + 1 < row0 + rows;
                float* a0 = aData + a.Offset + ((long)i * a.Stride);
                float* a1 = pair ? a0 + a.Stride : a0;
                float* c0 = cData + c.Offset + ((long)i * c.Stride);
                for (int j = 0; j < n; j += NarrowColumnGroup)
                {
                    NarrowBlock(a0, a1, w + ((long)j * k), k, c0 + j, pair ? c0 + c.Stride + j : scratch, Math.Min(NarrowColumnGroup, n - j), beta);
                }
            }
        }
    }

    /// <summary>
    /// Two rows of A times five columns of op(B) (rows of <paramref name="w"/>, <paramref name="k"/> apart): ten vector
    /// sums, each column's vector loaded once for both rows, then the <paramref name="width"/> valid ones of each row
    /// stored with beta.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowBlock(float* a0, float* a1, float* w, int k, float* c0, float* c1, int width, float beta)
    {
        float* w1 = w + k, w2 = w1 + k, w3 = w2 + k, w4 = w3 + k;
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default;
        Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default;
        int p = 0;
        for (; p <= k - 8; p += 8)
        {
            Vector256<float> x0 = Vector256.Load(a0 + p);
            Vector256<float> x1 = Vector256.Load(a1 + p);
            Vector256<float> v = Vector256.Load(w + p);
            s00 = MulAdd(x0, v, s00);
            s10 = MulAdd(x1, v, s10);
            v = Vector256.Load(w1 + p);
            s01 = MulAdd(x0, v, s01);
            s11 = MulAdd(x1, v, s11);
            v = Vector256.Load(w2 + p);
            s02 = MulAdd(x0, v, s02);
            s12 = MulAdd(x1, v, s12);
            v = Vector256.Load(w3 + p);
            s03 = MulAdd(x0, v, s03);
            s13 = MulAdd(x1, v, s13);
            v = Vector256.Load(w4 + p);
            s04 = MulAdd(x0, v, s04);
            s14 = MulAdd(x1, v, s14);
        }

        StoreNarrow(a0, w, k, p, c0, width, beta, [s00, s01, s02, s03, s04]);
        StoreNarrow(a1, w, k, p, c1, width, beta, [s10, s11, s12, s13, s14]);
    }

    /// <summary>
    /// Four rows of A times five columns of op(B) on AVX-512 hardware (<see cref="UseTilePairs"/>): each 512-bit sum holds
    /// two rows' eight-lane sums side by side (rows 0 and 1, rows 2 and 3), each column's eight floats broadcast to both
    /// halves, so one fused multiply-add does the work of two in <see cref="NarrowBlock"/> and every lane gets the same
    /// multiply-adds in the same order: the numbers are those of the 256-bit kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowBlockWide(float* a0, int lda, float* w, int k, float* c0, int ldc, int width, float beta)
    {
        float* a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        float* w1 = w + k, w2 = w1 + k, w3 = w2 + k, w4 = w3 + k;
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default, s24 = default;
        int p = 0;
        for (; p <= k - 8; p += 8)
        {
            Vector512<float> x01 = Vector512.Create(Vector256.Load(a0 + p), Vector256.Load(a1 + p));
            Vector512<float> x23 = Vector512.Create(Vector256.Load(a2 + p), Vector256.Load(a3 + p));
            Vector512<float> v = Avx512DQ.BroadcastVector256ToVector512(w + p);
            s00 = Avx512F.FusedMultiplyAdd(x01, v, s00);
            s20 = Avx512F.FusedMultiplyAdd(x23, v, s20);
            v = Avx512DQ.BroadcastVector256ToVector512(w1 + p);
            s01 = Avx512F.FusedMultiplyAdd(x01, v, s01);
            s21 = Avx512F.FusedMultiplyAdd(x23, v, s21);
            v = Avx512DQ.BroadcastVector256ToVector512(w2 + p);
            s02 = Avx512F.FusedMultiplyAdd(x01, v, s02);
            s22 = Avx512F.FusedMultiplyAdd(x23, v, s22);
            v = Avx512DQ.BroadcastVector256ToVector512(w3 + p);
            s03 = Avx512F.FusedMultiplyAdd(x01, v, s03);
            s23 = Avx512F.FusedMultiplyAdd(x23, v, s23);
            v = Avx512DQ.BroadcastVector256ToVector512(w4 + p);
            s04 = Avx512F.FusedMultiplyAdd(x01, v, s04);
            s24 = Avx512F.FusedMultiplyAdd(x23, v, s24);
        }

        StoreNarrow(a0, w, k, p, c0, width, beta, [s00.GetLower(), s01.GetLower(), s02.GetLower(), s03.GetLower(), s04.GetLower()]);
        StoreNarrow(a1, w, k, p, c0 + ldc, width, beta, [s00.GetUpper(), s01.GetUpper(), s02.GetUpper(), s03.GetUpper(), s04.GetUpper()]);
        StoreNarrow(a2, w, k, p, c0 + (2 * ldc), width, beta, [s20.GetLower(), s21.GetLower(), s22.GetLower(), s23.GetLower(), s24.GetLower()]);
        StoreNarrow(a3, w, k, p, c0 + (3 * ldc), width, beta, [s20.GetUpper(), s21.GetUpper(), s22.GetUpper(), s23.GetUpper(), s24.GetUpper()]);
    }

    /// <summary>One row's five sums finished (lanes, then depth <paramref name="p"/> on) and the first <paramref name="width"/> stored: <c>c = sum + beta·c</c>, or the sum for beta 0.</summary>
    /// <remarks>Inlined: a call would make the JIT keep the second row's sums on the stack throughout the loop (no vector register survives a call).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(float* a, float* w, int k, int p, float* c, int width, float beta, ReadOnlySpan<Vector256<float>> sums)
    {
        for (int j = 0; j < width; j++)
        {
            float sum = Vector256.Sum(sums[j]);
            float* column = w + ((long)j * k);
            for (int q = p; q < k; q++)
            {
                sum += a[q] * column[q];
            }

            c[j] = beta == 0f ? sum : sum + (beta * c[j]);
        }
    }
}
