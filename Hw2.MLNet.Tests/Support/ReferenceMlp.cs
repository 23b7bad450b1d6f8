using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Hw2.MLNet.Tests.Support;

/// <summary>
/// An independent double-precision MLP loss built on MathNet.Numerics, written from the definitions only
/// (no shared code with the engines). Finite differences are taken on it.
/// </summary>
internal sealed class ReferenceMlp
{
    private readonly Matrix<double>[] weights;
    private readonly Vector<double>[] biases;
    private readonly HiddenActivation activation;

    private readonly Matrix<double>?[] masks;

    /// <summary>The network's loss; with <paramref name="dropout"/>, its last drawn masks held fixed (index 0 the input's, then each hidden layer's).</summary>
    public ReferenceMlp(MlpNetwork network, Hw2.MLNet.Gradients.DropoutMasks? dropout = null)
    {
        masks = new Matrix<double>?[network.Shape.LayerCount];
        if (dropout is not null)
        {
            masks[0] = dropout.Input is { } input ? ToDouble(input) : null;
            for (int l = 1; l < masks.Length; l++)
            {
                masks[l] = dropout.Hidden(l - 1) is { } hidden ? ToDouble(hidden) : null;
            }
        }

        activation = network.Activation;
        MlpParameters p = network.Parameters;
        weights = [.. p.Weights.Select(w => ToDouble(w.Value))];
        biases = [.. p.Biases.Select(b => Vector<double>.Build.DenseOfEnumerable(b.Value.Span.ToArray().Select(v => (double)v)))];
    }

    /// <summary>Parameter k in the order W1, b1, W2, b2, … as a flat list of doubles one can perturb.</summary>
    public double Get(int parameter, int index) => parameter % 2 == 0
        ? weights[parameter / 2][index / weights[parameter / 2].ColumnCount, index % weights[parameter / 2].ColumnCount]
        : biases[parameter / 2][index];

    public void Set(int parameter, int index, double value)
    {
        if (parameter % 2 == 0)
        {
            weights[parameter / 2][index / weights[parameter / 2].ColumnCount, index % weights[parameter / 2].ColumnCount] = value;
        }
        else
        {
            biases[parameter / 2][index] = value;
        }
    }

    /// <summary>The mean softmax cross-entropy against class indices (the multiclass loss).</summary>
    public double Loss(Hw2.MLNet.Numerics.Matrix features, int[] labels) => Loss(features, CrossEntropyOf(labels));

    /// <summary>The mean of <paramref name="rowLoss"/> (the loss of row r's outputs) over the rows.</summary>
    public double Loss(Hw2.MLNet.Numerics.Matrix features, Func<Vector<double>, int, double> rowLoss)
    {
        Matrix<double> h = ToDouble(features);
        for (int l = 0; l < weights.Length; l++)
        {
            if (masks[l] is { } mask)
            {
                h = h.PointwiseMultiply(mask);
            }

            Matrix<double> z = h * weights[l];
            for (int r = 0; r < z.RowCount; r++)
            {
                z.SetRow(r, z.Row(r) + biases[l]);
            }

            h = l < weights.Length - 1 ? z.Map(Activate) : z;
        }

        double sum = 0;
        for (int r = 0; r < h.RowCount; r++)
        {
            sum += rowLoss(h.Row(r), r);
        }

        return sum / h.RowCount;
    }

    /// <summary>Softmax cross-entropy of a row of logits: logsumexp(z) − z[y].</summary>
    public static Func<Vector<double>, int, double> CrossEntropyOf(int[] labels) => (row, r) =>
    {
        double max = row.Maximum();
        return max + Math.Log(row.Sum(v => Math.Exp(v - max))) - row[labels[r]];
    };

    /// <summary>The logistic loss of a row's one logit: −log σ(z) for label 1, −log(1 − σ(z)) for 0, as softplus.</summary>
    public static Func<Vector<double>, int, double> LogisticOf(int[] labels) => (row, r) => Softplus(labels[r] == 1 ? -row[0] : row[0]);

    /// <summary>½ r² for |r| ≤ δ, δ(|r| − ½δ) beyond, of a row's one output against its target (δ = ∞: half the squared error).</summary>
    public static Func<Vector<double>, int, double> HuberOf(float[] targets, double delta) => (row, r) =>
    {
        double residual = Math.Abs(row[0] - targets[r]);
        return residual <= delta ? 0.5 * residual * residual : delta * (residual - (0.5 * delta));
    };

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>Central difference of the loss in double precision: (L(θ+ε) − L(θ−ε)) / 2ε.</summary>
    public double NumericGradient(Hw2.MLNet.Numerics.Matrix features, Func<Vector<double>, int, double> rowLoss, int parameter, int index, double eps = 1e-6)
    {
        double original = Get(parameter, index);
        Set(parameter, index, original + eps);
        double plus = Loss(features, rowLoss);
        Set(parameter, index, original - eps);
        double minus = Loss(features, rowLoss);
        Set(parameter, index, original);
        return (plus - minus) / (2 * eps);
    }

    private double Activate(double z) => activation switch
    {
        HiddenActivation.Relu => Math.Max(z, 0),
        HiddenActivation.Identity => z,
        HiddenActivation.Sigmoid => 1 / (1 + Math.Exp(-z)),
        HiddenActivation.Tanh => Math.Tanh(z),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    public static Matrix<double> ToDouble(Hw2.MLNet.Numerics.Matrix m) =>
        Matrix<double>.Build.Dense(m.Rows, m.Cols, (r, c) => m[r, c]);
}
