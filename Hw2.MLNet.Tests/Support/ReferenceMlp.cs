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

    public ReferenceMlp(MlpNetwork network)
    {
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

    public double Loss(Hw2.MLNet.Numerics.Matrix features, int[] labels)
    {
        Matrix<double> h = ToDouble(features);
        for (int l = 0; l < weights.Length; l++)
        {
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
            Vector<double> row = h.Row(r);
            double max = row.Maximum();
            double lse = max + Math.Log(row.Sum(v => Math.Exp(v - max)));
            sum += lse - row[labels[r]];
        }

        return sum / h.RowCount;
    }

    /// <summary>Central difference of the loss in double precision: (L(θ+ε) − L(θ−ε)) / 2ε.</summary>
    public double NumericGradient(Hw2.MLNet.Numerics.Matrix features, int[] labels, int parameter, int index, double eps = 1e-6)
    {
        double original = Get(parameter, index);
        Set(parameter, index, original + eps);
        double plus = Loss(features, labels);
        Set(parameter, index, original - eps);
        double minus = Loss(features, labels);
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
