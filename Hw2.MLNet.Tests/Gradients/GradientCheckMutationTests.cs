using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Gradients;

/// <summary>
/// Shows that the gradient check has teeth: a small hand-written back-propagation for one hidden ReLU layer
/// passes it, and each classic mistake — a missing ReLU mask, a missing 1/N, a wrong sign, a gradient of NaNs — fails it.
/// </summary>
[TestClass]
public sealed class GradientCheckMutationTests
{
    [Flags]
    public enum Mutation
    {
        None = 0,
        MissingReluMask = 1,
        MissingOneOverN = 2,
        WrongSign = 4,
        NotANumber = 8,
    }

    [TestMethod]
    public void CorrectBackpropPasses() => Assert.IsLessThanOrEqualTo(0d, Violation(Mutation.None));

    [TestMethod]
    [DataRow(Mutation.MissingReluMask)]
    [DataRow(Mutation.MissingOneOverN)]
    [DataRow(Mutation.WrongSign)]
    [DataRow(Mutation.NotANumber)]
    public void EachMutationFails(Mutation mutation) => Assert.IsGreaterThan(0d, Violation(mutation));

    private static double Violation(Mutation mutation)
    {
        var network = MlpNetwork.CreateRandom(new MlpShape(5, 6, 3), seed: 21);
        Matrix x = TestData.RandomMatrix(8, 5, seed: 22, scale: 2f);
        int[] y = TestData.RandomLabels(8, 3, seed: 23);
        IReadOnlyList<Matrix> grads = MutableBackprop(network, x, y, mutation);
        return GradientCheck.WorstViolation(network, x, y, grads).Violation;
    }

    /// <summary>Plain loops, one example at a time, so each mutation is a one-line change.</summary>
    private static IReadOnlyList<Matrix> MutableBackprop(MlpNetwork network, Matrix x, int[] y, Mutation mutation)
    {
        Matrix w1 = network.Parameters.Weights[0].Value, b1 = network.Parameters.Biases[0].Value;
        Matrix w2 = network.Parameters.Weights[1].Value, b2 = network.Parameters.Biases[1].Value;
        var dW1 = new Matrix(w1.Rows, w1.Cols);
        var db1 = new Matrix(1, b1.Cols);
        var dW2 = new Matrix(w2.Rows, w2.Cols);
        var db2 = new Matrix(1, b2.Cols);
        int n = x.Rows;
        float scale = mutation.HasFlag(Mutation.MissingOneOverN) ? 1f : 1f / n;
        float sign = mutation.HasFlag(Mutation.WrongSign) ? -1f : 1f;
        for (int i = 0; i < n; i++)
        {
            float[] h = new float[w1.Cols];
            for (int j = 0; j < h.Length; j++)
            {
                float z = b1[0, j];
                for (int k = 0; k < w1.Rows; k++)
                {
                    z += x[i, k] * w1[k, j];
                }

                h[j] = Math.Max(z, 0f);
            }

            double[] logits = new double[w2.Cols];
            for (int c = 0; c < logits.Length; c++)
            {
                logits[c] = b2[0, c];
                for (int j = 0; j < h.Length; j++)
                {
                    logits[c] += h[j] * w2[j, c];
                }
            }

            double max = logits.Max();
            double sum = logits.Sum(v => Math.Exp(v - max));
            float[] delta = new float[logits.Length];
            for (int c = 0; c < delta.Length; c++)
            {
                delta[c] = sign * scale * (float)((Math.Exp(logits[c] - max) / sum) - (c == y[i] ? 1 : 0));
                db2[0, c] += delta[c];
                for (int j = 0; j < h.Length; j++)
                {
                    dW2[j, c] += h[j] * delta[c];
                }
            }

            for (int j = 0; j < h.Length; j++)
            {
                float dh = 0f;
                for (int c = 0; c < delta.Length; c++)
                {
                    dh += w2[j, c] * delta[c];
                }

                bool active = h[j] > 0f || mutation.HasFlag(Mutation.MissingReluMask);
                float dz = active ? dh : 0f;
                db1[0, j] += dz;
                for (int k = 0; k < w1.Rows; k++)
                {
                    dW1[k, j] += x[i, k] * dz;
                }
            }
        }

        if (mutation.HasFlag(Mutation.NotANumber))
        {
            foreach (Matrix g in new[] { dW1, db1, dW2, db2 })
            {
                g.Span.Fill(float.NaN);
            }
        }

        return [dW1, db1, dW2, db2];
    }
}
