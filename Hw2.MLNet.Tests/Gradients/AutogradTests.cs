using Hw2.MLNet.Gradients.Autograd;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Gradients;

[TestClass]
public sealed class AutogradTests
{
    /// <summary>f(W) = mean(((X·W)·W) ⊙ C) + 0.5·sum(W) + sum(relu(X·W)): W is used four times, not an MLP.</summary>
    [TestMethod]
    public void DifferentiatesAnExpressionThatReusesAWeight()
    {
        Matrix x = TestData.RandomMatrix(4, 3, 1);
        Matrix c = TestData.RandomMatrix(4, 3, 2);
        var w = new Parameter("W", TestData.RandomMatrix(3, 3, 3));
        var tape = new Tape();

        Node wNode = tape.Parameter(w);
        Node xw = Ops.MatMul(tape.Constant(x), wNode);
        Node f = Ops.Add(
            Ops.Add(Ops.Mean(Ops.Multiply(Ops.MatMul(xw, tape.Parameter(w)), tape.Constant(c))), Ops.Scale(Ops.Sum(wNode), 0.5f)),
            Ops.Sum(Ops.Relu(xw)));
        tape.Backward(f);

        Matrix<double> xd = ReferenceMlp.ToDouble(x), cd = ReferenceMlp.ToDouble(c), wd = ReferenceMlp.ToDouble(w.Value);
        double F(Matrix<double> wv) =>
            (xd * wv * wv).PointwiseMultiply(cd).Enumerate().Average() + (0.5 * wv.Enumerate().Sum()) + (xd * wv).Enumerate().Sum(v => Math.Max(v, 0));
        Assert.AreEqual(F(wd), f.Value[0, 0], 1e-5);
        for (int r = 0; r < 3; r++)
        {
            for (int col = 0; col < 3; col++)
            {
                Matrix<double> plus = wd.Clone(), minus = wd.Clone();
                plus[r, col] += 1e-6;
                minus[r, col] -= 1e-6;
                double numeric = (F(plus) - F(minus)) / 2e-6;
                Assert.AreEqual(numeric, w.Gradient[r, col], 1e-4 + (1e-3 * Math.Abs(numeric)), $"dW[{r},{col}]");
            }
        }
    }

    /// <summary>The fused Linear op gives AddBias(MatMul)'s value and gradients, including the input's, when its output is used twice.</summary>
    [TestMethod]
    public void LinearEqualsMatMulPlusBias()
    {
        Matrix x = TestData.RandomMatrix(7, 5, 1);
        Matrix c = TestData.RandomMatrix(7, 3, 2);
        (Matrix Value, Matrix Dx, Matrix Dw, Matrix Db) Run(bool fused)
        {
            var w = new Parameter("W", TestData.RandomMatrix(5, 3, 3));
            var b = new Parameter("b", TestData.RandomMatrix(1, 3, 4));
            var xp = new Parameter("X", x.Clone());
            var tape = new Tape();
            Node input = tape.Parameter(xp);
            Node y = fused
                ? Ops.Linear(input, tape.Parameter(w), tape.Parameter(b))
                : Ops.AddBias(Ops.MatMul(input, tape.Parameter(w)), tape.Parameter(b));
            tape.Backward(Ops.Add(Ops.Mean(Ops.Multiply(y, tape.Constant(c))), Ops.Sum(Ops.Relu(y))));
            return (y.Value.Clone(), xp.Gradient.Clone(), w.Gradient.Clone(), b.Gradient.Clone());
        }

        var fused = Run(fused: true);
        var separate = Run(fused: false);
        foreach ((Matrix f, Matrix s, string name) in new[] { (fused.Value, separate.Value, "value"), (fused.Dx, separate.Dx, "dX"), (fused.Dw, separate.Dw, "dW"), (fused.Db, separate.Db, "db") })
        {
            CollectionAssert.AreEqual(s.Span.ToArray(), f.Span.ToArray(), name);
        }

        var shapes = new Tape();
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Ops.Linear(shapes.Constant(x), shapes.Constant(c), shapes.Constant(c)));
        StringAssert.Contains(ex.Message, "Linear of 7×5 by 7×3: inner sizes differ");
    }

    [TestMethod]
    public void ParameterNotReachedByTheLossGetsZeroGradient()
    {
        var used = new Parameter("used", TestData.RandomMatrix(2, 2, 1));
        var unused = new Parameter("unused", TestData.RandomMatrix(2, 2, 2));
        unused.Gradient.Span.Fill(42f);
        var tape = new Tape();
        tape.Parameter(unused);
        tape.Backward(Ops.Sum(tape.Parameter(used)));
        CollectionAssert.AreEqual(new float[] { 1, 1, 1, 1 }, used.Gradient.Span.ToArray());
        CollectionAssert.AreEqual(new float[4], unused.Gradient.Span.ToArray());
    }

    [TestMethod]
    public void ConstantsGetNoGradientAndBackwardNeedsAScalar()
    {
        var tape = new Tape();
        Node x = tape.Constant(TestData.RandomMatrix(2, 2, 1));
        var p = new Parameter("p", TestData.RandomMatrix(2, 2, 2));
        Node y = Ops.MatMul(x, tape.Parameter(p));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => tape.Backward(y));
        StringAssert.Contains(ex.Message, "scalar");
        tape.Backward(Ops.Sum(y));
        Assert.IsNull(x.Gradient);
        Assert.IsFalse(x.RequiresGradient);
    }

    [TestMethod]
    public void DeepChainsDoNotOverflowTheStack()
    {
        var tape = new Tape();
        var p = new Parameter("p", new Matrix(1, 1, [1f]));
        Node h = tape.Parameter(p);
        for (int i = 0; i < 100_000; i++)
        {
            h = Ops.Scale(h, 1f);
        }

        tape.Backward(h);
        Assert.AreEqual(1f, p.Gradient[0, 0]);
    }

    [TestMethod]
    public void ResetReusesBuffers()
    {
        var tape = new Tape();
        var p = new Parameter("p", TestData.RandomMatrix(50, 50, 1));
        Matrix x = TestData.RandomMatrix(50, 50, 2);
        tape.Backward(Ops.Sum(Ops.MatMul(tape.Constant(x), tape.Parameter(p))));
        float[] first = p.Gradient.Span.ToArray();
        int allocated = tape.BuffersAllocated;
        tape.Reset();
        Node product = Ops.MatMul(tape.Constant(x), tape.Parameter(p));
        tape.Backward(Ops.Sum(product));
        CollectionAssert.AreEqual(first, p.Gradient.Span.ToArray());
        Assert.AreEqual(4, tape.Count);
        Assert.AreEqual(allocated, tape.BuffersAllocated, "the second pass should only reuse pooled buffers");
    }

    [TestMethod]
    public void IntermediateGradientsAreRetainedOnlyWhenAsked()
    {
        Matrix x = TestData.RandomMatrix(6, 4, 1);
        var w = new Parameter("w", TestData.RandomMatrix(4, 3, 2));

        (Node Hidden, Tape Tape, float[] Dw) Run(bool retain)
        {
            var tape = new Tape();
            Node hidden = Ops.Relu(Ops.MatMul(tape.Constant(x), tape.Parameter(w)));
            tape.Backward(Ops.Sum(Ops.Scale(hidden, 2f)), retain);
            return (hidden, tape, w.Gradient.Span.ToArray());
        }

        var released = Run(retain: false);
        var retained = Run(retain: true);
        Assert.IsNull(released.Hidden.Gradient, "an intermediate gradient is released by default");
        Assert.IsNotNull(retained.Hidden.Gradient);
        CollectionAssert.AreEqual(Enumerable.Repeat(2f, 18).ToArray(), retained.Hidden.Gradient.Span.ToArray(), "d(sum(2h))/dh = 2");
        CollectionAssert.AreEqual(retained.Dw, released.Dw, "releasing changes no parameter gradient");
        Assert.IsTrue(
            released.Tape.BuffersAllocated < retained.Tape.BuffersAllocated,
            $"released gradients are reused by later rules ({released.Tape.BuffersAllocated} buffers vs {retained.Tape.BuffersAllocated})");
    }
}
