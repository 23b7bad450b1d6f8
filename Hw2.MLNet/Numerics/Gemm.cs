namespace Hw2.MLNet.Numerics;

/// <summary>
/// General matrix multiplication on float32: <c>C = op(A) · op(B) + beta · C</c>, where <c>op(X)</c> is
/// <c>X</c> or its transpose. Transposes are never materialised: they are absorbed when the operands are
/// packed for the micro-kernel (see <see cref="GemmKernel"/>). <see cref="Linear"/> fuses a layer's bias and ReLU
/// into the product's last pass over C.
/// </summary>
internal static class Gemm
{
    /// <summary>Computes <c>C = op(A) · op(B) + beta · C</c>.</summary>
    /// <param name="a">Left operand.</param>
    /// <param name="transposeA">Use <c>Aᵀ</c> instead of <c>A</c>.</param>
    /// <param name="b">Right operand.</param>
    /// <param name="transposeB">Use <c>Bᵀ</c> instead of <c>B</c>.</param>
    /// <param name="c">Result; must be <c>rows(op(A))</c> × <c>cols(op(B))</c> and must not share storage with A or B.</param>
    /// <param name="beta">Weight of the previous contents of <paramref name="c"/>: 0 overwrites (old values, even NaN, are ignored), 1 accumulates.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void Multiply(Matrix a, bool transposeA, Matrix b, bool transposeB, Matrix c, float beta = 0f) =>
        Run(a, transposeA, b, transposeB, c, beta, default);

    /// <summary>
    /// A fully connected layer in one pass over its output: <c>C = A · W + bias</c> (the bias row added to every row),
    /// then <c>max(C, 0)</c> when <paramref name="relu"/> is set. The same numbers as <see cref="Multiply"/> followed
    /// by <see cref="MatrixKernels.AddRowVector"/> and <see cref="Activations.Relu.Forward"/>.
    /// </summary>
    /// <param name="a">N × K inputs.</param>
    /// <param name="w">K × M weights.</param>
    /// <param name="bias">1 × M bias.</param>
    /// <param name="c">N × M output; must not share storage with the other arguments.</param>
    /// <param name="relu">Clamp the result at zero.</param>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static void Linear(Matrix a, Matrix w, Matrix bias, Matrix c, bool relu)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Rows != 1 || bias.Cols != w.Cols)
        {
            throw new ArgumentException($"The bias must be 1×{w.Cols} but is {bias.Rows}×{bias.Cols}.", nameof(bias));
        }

        Run(a, false, w, false, c, 0f, new GemmEpilogue(bias.Data, bias.Offset, relu));
    }

    private static void Run(Matrix a, bool transposeA, Matrix b, bool transposeB, Matrix c, float beta, GemmEpilogue epilogue)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(c);
        int m = transposeA ? a.Cols : a.Rows;
        int k = transposeA ? a.Rows : a.Cols;
        int kB = transposeB ? b.Cols : b.Rows;
        int n = transposeB ? b.Rows : b.Cols;
        if (k != kB)
        {
            throw new ArgumentException(
                $"Inner dimensions differ: op(A) is {m}×{k} but op(B) is {kB}×{n}.", nameof(b));
        }

        if (c.Rows != m || c.Cols != n)
        {
            throw new ArgumentException($"C must be {m}×{n} but is {c.Rows}×{c.Cols}.", nameof(c));
        }

        if (c.Length > 0 && (ReferenceEquals(c.Data, a.Data) || ReferenceEquals(c.Data, b.Data)))
        {
            throw new ArgumentException("C must not share storage with A or B.", nameof(c));
        }

        GemmKernel.Compute(
            m, n, k,
            new GemmOperand(a.Data, a.Offset, a.Cols, transposeA) { Fixed = a.FixedPanels },
            new GemmOperand(b.Data, b.Offset, b.Cols, transposeB),
            new GemmOperand(c.Data, c.Offset, c.Cols, false),
            beta,
            epilogue);
    }
}
