using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Hw2.MLNet.Activations;

namespace Hw2.MLNet.Numerics;

/// <summary>Writes δ for output rows [<paramref name="firstRow"/>, + <paramref name="rows"/>) of a <see cref="SinglePassLinear"/> step and returns their mean loss.</summary>
/// <param name="firstRow">The block's first row in the batch.</param>
/// <param name="rows">Rows in the block.</param>
internal delegate LossResult BlockScorer(int firstRow, int rows);

/// <summary>
/// The gradient step of a network that is one layer with at most <see cref="GemmKernel.NarrowMaxColumns"/> outputs (the
/// shallow softmax network, a linear or logistic regression) in one pass over its input rows instead of two. Each thread
/// takes a contiguous share of the rows in blocks of <see cref="BlockRows"/> and, per block, computes Z = X·W + b (the
/// narrow product), lets the loss write δ, and adds Xᵀ·δ into a sum of its own while the block's rows are still in its
/// L2; the threads' sums are added in thread order at the end. The two products then read X once per step: at the
/// shallow learning curve's larger sizes X no longer fits the caches and that read is the step's cost. Z, δ and the loss
/// are those of the two-pass path; the weight gradient's sums run row by row, so its last bits differ from the GEMM's.
/// </summary>
internal sealed unsafe class SinglePassLinear
{
    /// <summary>
    /// Rows per block: 64 rows of 784 floats are 200 KB, which stay in L2 from the forward product to Xᵀ·δ. The last
    /// block also takes the rows left over (up to 127 in all), so no block is scored on fewer rows than a batch of its
    /// own would be: the loss's vectorised exp takes a scalar path on very short inputs, with other last bits.
    /// </summary>
    internal const int BlockRows = 64;

    /// <summary>Outputs per pass of the weight-gradient kernel: five outputs by two vectors of columns are ten sums.</summary>
    private const int OutputGroup = 5;

    private float[] columns = [];
    private float[][] sums = [];

    /// <summary>
    /// One step: <paramref name="z"/> = <paramref name="x"/>·<paramref name="w"/> + <paramref name="bias"/>,
    /// <paramref name="score"/> called once per block (it writes that block's δ and returns its mean loss), and
    /// <paramref name="weightGradient"/> = Xᵀ·δ. Returns the mean loss over all rows and the correct rows.
    /// </summary>
    /// <param name="x">m × k input rows.</param>
    /// <param name="w">k × n weights, n ≤ <see cref="GemmKernel.NarrowMaxColumns"/>.</param>
    /// <param name="bias">1 × n bias.</param>
    /// <param name="z">m × n output.</param>
    /// <param name="delta">m × n gradient of the loss with respect to <paramref name="z"/>, written by <paramref name="score"/>.</param>
    /// <param name="weightGradient">k × n output.</param>
    /// <param name="score">Writes a block's δ from its Z.</param>
    public LossResult Run(Matrix x, Matrix w, Matrix bias, Matrix z, Matrix delta, Matrix weightGradient, BlockScorer score)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(z);
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(weightGradient);
        ArgumentNullException.ThrowIfNull(score);
        int m = x.Rows, k = x.Cols, n = w.Cols;
        if (w.Rows != k || n > GemmKernel.NarrowMaxColumns || bias.Rows != 1 || bias.Cols != n || m == 0)
        {
            throw new ArgumentException($"Needs m × k rows, m > 0, a k × n weight matrix with n ≤ {GemmKernel.NarrowMaxColumns} and a 1 × n bias; got {m}×{k}, {w.Rows}×{n} and {bias.Rows}×{bias.Cols}.", nameof(w));
        }

        z.RequireShape(m, n, nameof(z));
        delta.RequireShape(m, n, nameof(delta));
        weightGradient.RequireShape(k, n, nameof(weightGradient));

        int length = GemmKernel.NarrowColumnsLength(n, k);
        if (columns.Length < length)
        {
            columns = new float[length];
        }

        GemmKernel.PackNarrowColumns(n, k, new GemmOperand(w.Data, w.Offset, w.Cols, false), columns);
        int blocks = Math.Max(1, m / BlockRows);
        int threads = Math.Min(blocks, GemmKernel.ThreadsFor(m, n, k));
        int perShare = (blocks + threads - 1) / threads;
        int shares = (blocks + perShare - 1) / perShare;
        if (sums.Length < shares || sums[0].Length < n * k)
        {
            sums = [.. Enumerable.Range(0, shares).Select(_ => new float[n * k])];
        }

        var epilogue = new GemmEpilogue(bias.Data, bias.Offset, false);
        var shareLoss = new double[shares];
        var shareCorrect = new int[shares];
        void RunShare(int s)
        {
            float[] sum = sums[s];
            Array.Clear(sum, 0, n * k);
            for (int b = s * perShare; b < Math.Min(blocks, (s + 1) * perShare); b++)
            {
                int r0 = b * BlockRows;
                int rows = b == blocks - 1 ? m - r0 : BlockRows;
                var zBlock = new GemmOperand(z.Data, z.Offset + (r0 * n), n, false);
                GemmKernel.NarrowRows(r0, rows, n, k, new GemmOperand(x.Data, x.Offset, k, false), columns, new GemmOperand(z.Data, z.Offset, n, false), 0f);
                epilogue.Apply(rows, n, zBlock);
                LossResult result = score(r0, rows);
                shareLoss[s] += (double)result.Loss * rows;
                shareCorrect[s] += result.Correct;
                AccumulateBlock(x, delta, r0, rows, sum);
            }
        }

        if (shares > 1)
        {
            // A share that fails (a bad target) stops at its block; the first share's failure is rethrown as itself,
            // so the caller sees the exception and the first bad row that one pass over all rows would have reported.
            var failures = new Exception?[shares];
            Parallel.For(0, shares, s =>
            {
                try
                {
                    RunShare(s);
                }
                catch (Exception e)
                {
                    failures[s] = e;
                }
            });
            if (Array.Find(failures, f => f is not null) is Exception failure)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
        else
        {
            RunShare(0);
        }

        Span<float> gradient = weightGradient.Span;
        double loss = 0;
        int correct = 0;
        for (int s = 0; s < shares; s++)
        {
            float[] sum = sums[s];
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < n; j++)
                {
                    float value = sum[(j * k) + c];
                    gradient[(c * n) + j] = s == 0 ? value : gradient[(c * n) + j] + value;
                }
            }

            loss += shareLoss[s];
            correct += shareCorrect[s];
        }

        return new LossResult((float)(loss / m), correct);
    }

    /// <summary>
    /// Adds rows [<paramref name="r0"/>, + <paramref name="rows"/>) of Xᵀ·δ to <paramref name="sum"/>, kept as n rows of k
    /// (Wᵀ's shape, so each output's sums are contiguous): five outputs at a time, each block's δ group copied into a
    /// zero-padded scratch first so the kernel has one shape. Meanwhile the kernels fetch the next block's rows into L2,
    /// one software prefetch per row step, half the block per group of outputs: the block's sums come from L2 and leave
    /// the memory bus idle, and without the prefetch every block waited for its rows (20 shallow epochs at 5250 and 9250
    /// rows took 18 % and 24 % longer).
    /// </summary>
    private static void AccumulateBlock(Matrix x, Matrix delta, int r0, int rows, float[] sum)
    {
        int k = x.Cols, n = delta.Cols;
        float* group = stackalloc float[2 * BlockRows * OutputGroup];
        fixed (float* xData = x.Data)
        fixed (float* dData = delta.Data)
        fixed (float* sData = sum)
        {
            float* xRows = xData + x.Offset + ((long)r0 * k);
            float* dRows = dData + delta.Offset + ((long)r0 * n);
            for (int j0 = 0; j0 < n; j0 += OutputGroup)
            {
                int width = Math.Min(OutputGroup, n - j0);
                for (int r = 0; r < rows; r++)
                {
                    for (int q = 0; q < OutputGroup; q++)
                    {
                        group[(r * OutputGroup) + q] = q < width ? dRows[(r * n) + j0 + q] : 0f;
                    }
                }

                float* target = sData + ((long)j0 * k);
                float* ahead = xRows + ((long)rows * k) + ((long)j0 / OutputGroup * (rows * k / 2));
                int c = GemmKernel.UseTilePairs ? AccumulateWide(xRows, k, rows, group, target, width, ref ahead) : 0;
                c = Accumulate(xRows, k, rows, group, target, width, c, ref ahead);
                AccumulateColumns(xRows, k, rows, group, target, width, c);
            }
        }
    }

    /// <summary>
    /// Columns [0, k rounded down to 32) of five outputs' sums on AVX-512 hardware: per row, two 512-bit loads of X and
    /// five broadcasts of δ into ten sums. Each sum gets the multiply-adds of <see cref="Accumulate"/> in the same order,
    /// so the two give the same numbers. Returns the first column left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AccumulateWide(float* x, int k, int rows, float* group, float* sum, int width, ref float* ahead)
    {
        float* next = ahead;
        int c = 0;
        for (; c + 32 <= k; c += 32)
        {
            Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default, s20 = default, s21 = default;
            Vector512<float> s30 = default, s31 = default, s40 = default, s41 = default;
            float* xr = x + c;
            float* d = group;
            for (int r = 0; r < rows; r++, xr += k, d += OutputGroup)
            {
                Vector512<float> x0 = Vector512.Load(xr);
                Vector512<float> x1 = Vector512.Load(xr + 16);
                Sse.Prefetch1(next);
                next += 16;
                Vector512<float> v = Vector512.Create(d[0]);
                s00 = Avx512F.FusedMultiplyAdd(v, x0, s00);
                s01 = Avx512F.FusedMultiplyAdd(v, x1, s01);
                v = Vector512.Create(d[1]);
                s10 = Avx512F.FusedMultiplyAdd(v, x0, s10);
                s11 = Avx512F.FusedMultiplyAdd(v, x1, s11);
                v = Vector512.Create(d[2]);
                s20 = Avx512F.FusedMultiplyAdd(v, x0, s20);
                s21 = Avx512F.FusedMultiplyAdd(v, x1, s21);
                v = Vector512.Create(d[3]);
                s30 = Avx512F.FusedMultiplyAdd(v, x0, s30);
                s31 = Avx512F.FusedMultiplyAdd(v, x1, s31);
                v = Vector512.Create(d[4]);
                s40 = Avx512F.FusedMultiplyAdd(v, x0, s40);
                s41 = Avx512F.FusedMultiplyAdd(v, x1, s41);
            }

            AddWide(sum + c, k, width, [s00, s10, s20, s30, s40], [s01, s11, s21, s31, s41]);
        }

        ahead = next;
        return c;
    }

    /// <summary>Adds each output's two 16-column vectors of block sums to its row of <paramref name="sum"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddWide(float* sum, int k, int width, ReadOnlySpan<Vector512<float>> left, ReadOnlySpan<Vector512<float>> right)
    {
        for (int q = 0; q < width; q++)
        {
            float* row = sum + ((long)q * k);
            Vector512.Store(Vector512.Load(row) + left[q], row);
            Vector512.Store(Vector512.Load(row + 16) + right[q], row + 16);
        }
    }

    /// <summary>
    /// Columns [<paramref name="c"/>, k rounded down to 8) of five outputs' sums in 256-bit vectors: per row one load of
    /// X and five broadcasts of δ. Returns the first column left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Accumulate(float* x, int k, int rows, float* group, float* sum, int width, int c, ref float* ahead)
    {
        float* next = ahead;
        for (; c + 8 <= k; c += 8)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default;
            float* xr = x + c;
            float* d = group;
            for (int r = 0; r < rows; r++, xr += k, d += OutputGroup)
            {
                Vector256<float> x0 = Vector256.Load(xr);
                if (Sse.IsSupported)
                {
                    Sse.Prefetch1(next);
                }

                next += 4;
                s0 = GemmKernel.MulAdd(Vector256.Create(d[0]), x0, s0);
                s1 = GemmKernel.MulAdd(Vector256.Create(d[1]), x0, s1);
                s2 = GemmKernel.MulAdd(Vector256.Create(d[2]), x0, s2);
                s3 = GemmKernel.MulAdd(Vector256.Create(d[3]), x0, s3);
                s4 = GemmKernel.MulAdd(Vector256.Create(d[4]), x0, s4);
            }

            ReadOnlySpan<Vector256<float>> block = [s0, s1, s2, s3, s4];
            for (int q = 0; q < width; q++)
            {
                float* row = sum + ((long)q * k) + c;
                Vector256.Store(Vector256.Load(row) + block[q], row);
            }
        }

        ahead = next;
        return c;
    }

    /// <summary>Columns [<paramref name="c"/>, k) of five outputs' sums one value at a time, with the vector kernels' multiply-adds.</summary>
    private static void AccumulateColumns(float* x, int k, int rows, float* group, float* sum, int width, int c)
    {
        for (; c < k; c++)
        {
            for (int q = 0; q < width; q++)
            {
                float s = 0f;
                for (int r = 0; r < rows; r++)
                {
                    float xv = x[((long)r * k) + c];
                    float dv = group[(r * OutputGroup) + q];
                    s = Fma.IsSupported ? MathF.FusedMultiplyAdd(dv, xv, s) : s + (dv * xv);
                }

                sum[((long)q * k) + c] += s;
            }
        }
    }
}
