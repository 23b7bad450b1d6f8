using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Hw2.MLNet.Numerics;

internal static unsafe partial class GemmKernel
{
    /// <summary>
    /// Widest op(B) the narrow path takes: up to this many columns a tile of NR columns would leave lanes idle and each
    /// element of A would be used once, read by a broadcast from one of six rows at once.
    /// </summary>
    internal const int NarrowMaxColumns = 12;

    /// <summary>Columns of op(B) per pass of <see cref="NarrowBlock"/> (four accumulators per row of A).</summary>
    private const int NarrowColumnGroup = 4;

    /// <summary>Rows of C per task of the narrow path when it runs on several threads.</summary>
    private const int NarrowRowsPerTask = 96;

    /// <summary>The narrow path's columns of op(B), stored as rows of K floats and padded to a whole column group with zeros.</summary>
    [ThreadStatic]
    private static float[]? narrowColumns;

    /// <summary>
    /// C = op(B)'s few columns dotted with each row of a row-major A (a layer with ten outputs or one): rows of A read
    /// in order eight floats at a time, two rows by four columns per pass, each sum finished across its lanes and then
    /// over the depth left after the last whole vector. Leaves the epilogue to the caller.
    /// </summary>
    private static void NarrowProduct(int m, int n, int k, GemmOperand a, GemmOperand b, GemmOperand c, float beta)
    {
        int groups = (n + NarrowColumnGroup - 1) / NarrowColumnGroup;
        int padded = groups * NarrowColumnGroup;
        float[] columns = narrowColumns is { } existing && existing.Length >= padded * k ? existing : (narrowColumns = new float[padded * k]);
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

        int tasks = (m + NarrowRowsPerTask - 1) / NarrowRowsPerTask;
        if (tasks > 1 && (long)m * n * k >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, tasks, t => NarrowRows(t * NarrowRowsPerTask, Math.Min(NarrowRowsPerTask, m - (t * NarrowRowsPerTask)), n, k, a, columns, c, beta));
        }
        else
        {
            NarrowRows(0, m, n, k, a, columns, c, beta);
        }
    }

    /// <summary>
    /// Rows [<paramref name="row0"/>, + <paramref name="rows"/>) of the narrow product, two at a time; an odd last row
    /// is paired with itself and its copy's sums go to a scratch row, so the kernel has one shape.
    /// </summary>
    private static void NarrowRows(int row0, int rows, int n, int k, GemmOperand a, float[] columns, GemmOperand c, float beta)
    {
        float* scratch = stackalloc float[NarrowColumnGroup];
        fixed (float* aData = a.Data)
        fixed (float* w = columns)
        fixed (float* cData = c.Data)
        {
            for (int i = row0; i < row0 + rows; i += 2)
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
    /// Two rows of A times four columns of op(B) (rows of <paramref name="w"/>, <paramref name="k"/> apart): eight vector
    /// sums, then the <paramref name="width"/> valid ones of each row stored with beta.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NarrowBlock(float* a0, float* a1, float* w, int k, float* c0, float* c1, int width, float beta)
    {
        float* w1 = w + k, w2 = w1 + k, w3 = w2 + k;
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default;
        int p = 0;
        for (; p <= k - 8; p += 8)
        {
            Vector256<float> x0 = Vector256.Load(a0 + p);
            Vector256<float> x1 = Vector256.Load(a1 + p);
            Vector256<float> v0 = Vector256.Load(w + p), v1 = Vector256.Load(w1 + p), v2 = Vector256.Load(w2 + p), v3 = Vector256.Load(w3 + p);
            s00 = MulAdd(x0, v0, s00);
            s01 = MulAdd(x0, v1, s01);
            s02 = MulAdd(x0, v2, s02);
            s03 = MulAdd(x0, v3, s03);
            s10 = MulAdd(x1, v0, s10);
            s11 = MulAdd(x1, v1, s11);
            s12 = MulAdd(x1, v2, s12);
            s13 = MulAdd(x1, v3, s13);
        }

        StoreNarrow(a0, w, k, p, c0, width, beta, s00, s01, s02, s03);
        StoreNarrow(a1, w, k, p, c1, width, beta, s10, s11, s12, s13);
    }

    /// <summary>One row's four sums finished (lanes, then depth <paramref name="p"/> on) and the first <paramref name="width"/> stored: <c>c = sum + beta·c</c>, or the sum for beta 0.</summary>
    /// <remarks>Inlined: a call would make the JIT keep the second row's sums on the stack throughout the loop (no vector register survives a call).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(float* a, float* w, int k, int p, float* c, int width, float beta, Vector256<float> s0, Vector256<float> s1, Vector256<float> s2, Vector256<float> s3)
    {
        for (int j = 0; j < width; j++)
        {
            float sum = Vector256.Sum(j switch { 0 => s0, 1 => s1, 2 => s2, _ => s3 });
            float* column = w + ((long)j * k);
            for (int q = p; q < k; q++)
            {
                sum += a[q] * column[q];
            }

            c[j] = beta == 0f ? sum : sum + (beta * c[j]);
        }
    }
}
