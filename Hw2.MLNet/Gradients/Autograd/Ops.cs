using System.Numerics.Tensors;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Losses;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Gradients.Autograd;

/// <summary>
/// Differentiable operations on <see cref="Node"/>s. Each computes its value now and records a backward rule
/// that adds its inputs' share of the gradient (a rule never assumes it is the only user of an input).
/// Gradients are only computed for inputs that need them: the data matrix of a network gets none.
/// </summary>
public static class Ops
{
    /// <summary>Matrix product <c>a · b</c>. Backward: <c>da += g · bᵀ</c>, <c>db += aᵀ · g</c>.</summary>
    public static Node MatMul(Node a, Node b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Value.Cols != b.Value.Rows)
        {
            throw new ArgumentException($"MatMul of {a.Value.Rows}×{a.Value.Cols} by {b.Value.Rows}×{b.Value.Cols}: inner sizes differ.", nameof(b));
        }

        Matrix value = a.Tape.Rent(a.Value.Rows, b.Value.Cols);
        Gemm.Multiply(a.Value, false, b.Value, false, value);
        return a.Tape.Record(value, [a, b], node => AddProductGradients(node.Gradient!, a, b));
    }

    /// <summary>The backward rule of a product <c>a · b</c> with output gradient <paramref name="g"/>: <c>da += g · bᵀ</c>, <c>db += aᵀ · g</c>.</summary>
    private static void AddProductGradients(Matrix g, Node a, Node b)
    {
        if (a.RequiresGradient)
        {
            Matrix da = a.GradientTarget(out float beta);
            Gemm.Multiply(g, false, b.Value, true, da, beta);
        }

        if (b.RequiresGradient)
        {
            Matrix db = b.GradientTarget(out float beta);
            Gemm.Multiply(a.Value, true, g, false, db, beta);
        }
    }

    /// <summary>
    /// A fully connected layer <c>x · w + bias</c> as one node (like <c>torch.nn.functional.linear</c>): the same
    /// value and gradients as <c>AddBias(MatMul(x, w), bias)</c> without the intermediate product and its gradient,
    /// which for a full batch of 60000 rows and 300 units is 144 MB less. Backward: <c>dx += g · wᵀ</c>,
    /// <c>dw += xᵀ · g</c>, <c>dbias += Σ_rows g</c>.
    /// </summary>
    public static Node Linear(Node x, Node w, Node bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(bias);
        if (x.Value.Cols != w.Value.Rows)
        {
            throw new ArgumentException($"Linear of {x.Value.Rows}×{x.Value.Cols} by {w.Value.Rows}×{w.Value.Cols}: inner sizes differ.", nameof(w));
        }

        if (bias.Value.Rows != 1 || bias.Value.Cols != w.Value.Cols)
        {
            throw new ArgumentException($"A bias for {w.Value.Cols} columns must be 1×{w.Value.Cols}, not {bias.Value.Rows}×{bias.Value.Cols}.", nameof(bias));
        }

        Matrix value = x.Tape.Rent(x.Value.Rows, w.Value.Cols);
        Gemm.Linear(x.Value, w.Value, bias.Value, value, relu: false);
        return x.Tape.Record(value, [x, w, bias], node =>
        {
            Matrix g = node.Gradient!;
            AddProductGradients(g, x, w);
            if (bias.RequiresGradient)
            {
                Matrix db = bias.GradientTarget(out float beta);
                MatrixKernels.ColumnSums(g, db.Span, beta);
            }
        });
    }

    /// <summary>Adds a 1 × C <paramref name="bias"/> to every row of <paramref name="x"/>. Backward: <c>dx += g</c>, <c>dbias += Σ_rows g</c>.</summary>
    public static Node AddBias(Node x, Node bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(bias);
        if (bias.Value.Rows != 1 || bias.Value.Cols != x.Value.Cols)
        {
            throw new ArgumentException($"A bias for {x.Value.Cols} columns must be 1×{x.Value.Cols}, not {bias.Value.Rows}×{bias.Value.Cols}.", nameof(bias));
        }

        Matrix value = x.Tape.Rent(x.Value.Rows, x.Value.Cols);
        x.Value.Span.CopyTo(value.Span);
        MatrixKernels.AddRowVector(value, bias.Value.Span);
        return x.Tape.Record(value, [x, bias], node =>
        {
            Matrix g = node.Gradient!;
            if (x.RequiresGradient)
            {
                Matrix dx = x.GradientTarget(out float beta);
                MatrixKernels.AddScaled(g, dx, beta);
            }

            if (bias.RequiresGradient)
            {
                Matrix db = bias.GradientTarget(out float beta);
                MatrixKernels.ColumnSums(g, db.Span, beta);
            }
        });
    }

    /// <summary>Element-wise sum of two matrices of one shape.</summary>
    public static Node Add(Node a, Node b)
    {
        RequireSameShape(a, b);
        Matrix value = a.Tape.Rent(a.Value.Rows, a.Value.Cols);
        TensorPrimitives.Add(a.Value.Span, b.Value.Span, value.Span);
        return a.Tape.Record(value, [a, b], node =>
        {
            foreach (Node input in node.Inputs)
            {
                if (input.RequiresGradient)
                {
                    Matrix d = input.GradientTarget(out float beta);
                    MatrixKernels.AddScaled(node.Gradient!, d, beta);
                }
            }
        });
    }

    /// <summary>Element-wise (Hadamard) product of two matrices of one shape. Backward: <c>da += g ⊙ b</c>, <c>db += g ⊙ a</c>.</summary>
    public static Node Multiply(Node a, Node b)
    {
        RequireSameShape(a, b);
        Matrix value = a.Tape.Rent(a.Value.Rows, a.Value.Cols);
        TensorPrimitives.Multiply(a.Value.Span, b.Value.Span, value.Span);
        return a.Tape.Record(value, [a, b], node =>
        {
            AccumulateProduct(node.Gradient!, b.Value, a);
            AccumulateProduct(node.Gradient!, a.Value, b);
        });
    }

    /// <summary>
    /// Inverted dropout with a given mask (entries 0, or 1/(1 − p) for the units kept): <c>x ⊙ mask</c>. The mask is a
    /// constant of the step, drawn by the caller, so the rule is exact: <c>dx += g ⊙ mask</c>.
    /// </summary>
    public static Node Dropout(Node x, Matrix mask)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(mask);
        if (!x.Value.HasSameShape(mask))
        {
            throw new ArgumentException($"A dropout mask for {x.Value.Rows}×{x.Value.Cols} values must be {x.Value.Rows}×{x.Value.Cols}, not {mask.Rows}×{mask.Cols}.", nameof(mask));
        }

        Matrix value = x.Tape.Rent(x.Value.Rows, x.Value.Cols);
        TensorPrimitives.Multiply(x.Value.Span, mask.Span, value.Span);
        return x.Tape.Record(value, [x], node => AccumulateProduct(node.Gradient!, mask, x));
    }

    /// <summary>Multiplies every element by the constant <paramref name="factor"/>.</summary>
    public static Node Scale(Node x, float factor)
    {
        ArgumentNullException.ThrowIfNull(x);
        Matrix value = x.Tape.Rent(x.Value.Rows, x.Value.Cols);
        TensorPrimitives.Multiply(x.Value.Span, factor, value.Span);
        return x.Tape.Record(value, [x], node =>
        {
            Matrix dx = x.GradientTarget(out float beta);
            if (beta == 0f)
            {
                TensorPrimitives.Multiply(node.Gradient!.Span, factor, dx.Span);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(node.Gradient!.Span, factor, dx.Span, dx.Span);
            }
        });
    }

    /// <summary>The hidden-layer non-linearity <paramref name="activation"/>, element-wise.</summary>
    public static Node Activation(Node x, HiddenActivation activation)
    {
        ArgumentNullException.ThrowIfNull(x);
        Matrix value = x.Tape.Rent(x.Value.Rows, x.Value.Cols);
        ActivationKernels.Forward(activation, x.Value.Span, value.Span);
        return x.Tape.Record(value, [x], node =>
        {
            Matrix g = node.Gradient!;
            Matrix dx = x.GradientTargetInPlace(node, out float beta);
            ActivationKernels.Backward(activation, node.Value.Span, g.Span, dx.Span, beta);
        });
    }

    /// <summary><c>max(x, 0)</c>, element-wise. Backward passes the gradient where the output is positive.</summary>
    public static Node Relu(Node x) => Activation(x, HiddenActivation.Relu);

    /// <summary>Sum of all elements, as a 1×1 node.</summary>
    public static Node Sum(Node x) => Reduce(x, 1f);

    /// <summary>Mean of all elements, as a 1×1 node.</summary>
    public static Node Mean(Node x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Value.Length == 0)
        {
            throw new ArgumentException("The mean of an empty matrix is undefined.", nameof(x));
        }

        return Reduce(x, 1f / x.Value.Length);
    }

    /// <summary>
    /// Fused softmax + mean cross-entropy from logits: <c>(1/N) Σ_i (logsumexp(z_i) − z_i[y_i])</c> as a 1×1 node.
    /// The gradient <c>(softmax(z) − onehot(y)) / N</c> is computed in the same pass and scaled by the upstream
    /// gradient on the way back.
    /// </summary>
    /// <param name="logits">N × K scores.</param>
    /// <param name="labels">N class indices; must stay unchanged until backward has run.</param>
    /// <param name="correct">How many rows have their highest score at the label.</param>
    public static Node SoftmaxCrossEntropy(Node logits, ReadOnlyMemory<int> labels, out int correct) =>
        OutputLoss(logits, labels, SoftmaxCrossEntropyLoss.Instance, out correct);

    /// <summary>
    /// A fused output loss as a 1×1 node: the value and the gradient of the mean loss are computed in one pass by
    /// <paramref name="loss"/> (softmax cross-entropy, logistic loss, squared error …), and the gradient is scaled by
    /// the upstream gradient on the way back.
    /// </summary>
    internal static Node OutputLoss<TTarget>(Node outputs, ReadOnlyMemory<TTarget> targets, IOutputLoss<TTarget> loss, out int correct)
        where TTarget : unmanaged
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(loss);
        Tape tape = outputs.Tape;
        Matrix unitGradient = tape.Rent(outputs.Value.Rows, outputs.Value.Cols);
        LossResult result = loss.LossAndGradient(outputs.Value, targets.Span, unitGradient);
        correct = result.Correct;
        Matrix value = tape.Rent(1, 1);
        value[0, 0] = result.Loss;
        return tape.Record(value, [outputs], node =>
        {
            float upstream = node.Gradient![0, 0];
            Matrix dz = outputs.GradientTarget(out float beta);
            if (beta == 0f)
            {
                TensorPrimitives.Multiply(unitGradient.Span, upstream, dz.Span);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(unitGradient.Span, upstream, dz.Span, dz.Span);
            }
        });
    }

    private static Node Reduce(Node x, float factor)
    {
        ArgumentNullException.ThrowIfNull(x);
        Matrix value = x.Tape.Rent(1, 1);
        double sum = 0;
        foreach (float v in x.Value.Span)
        {
            sum += v;
        }

        value[0, 0] = (float)(sum * factor);
        return x.Tape.Record(value, [x], node =>
        {
            Matrix dx = x.GradientTarget(out float beta);
            float g = node.Gradient![0, 0] * factor;
            if (beta == 0f)
            {
                dx.Span.Fill(g);
            }
            else
            {
                TensorPrimitives.Add(dx.Span, g, dx.Span);
            }
        });
    }

    private static void AccumulateProduct(Matrix gradient, Matrix other, Node target)
    {
        if (!target.RequiresGradient)
        {
            return;
        }

        Matrix d = target.GradientTarget(out float beta);
        if (beta == 0f)
        {
            TensorPrimitives.Multiply(gradient.Span, other.Span, d.Span);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(gradient.Span, other.Span, d.Span, d.Span);
        }
    }

    private static void RequireSameShape(Node a, Node b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.Value.HasSameShape(b.Value))
        {
            throw new ArgumentException($"Shapes differ: {a.Value.Rows}×{a.Value.Cols} and {b.Value.Rows}×{b.Value.Cols}.", nameof(b));
        }
    }
}
