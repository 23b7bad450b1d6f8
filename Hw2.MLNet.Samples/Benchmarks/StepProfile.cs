using Hw2.MLNet.Activations;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Where the time of one Backprop full-batch step goes: the engine's operations replayed one by one on the same
/// shapes with the public kernels, each timed separately (median of repeated runs). The network's activation is ReLU,
/// which the forward product applies in its epilogue, as the engine does.
/// </summary>
internal static class StepProfile
{
    /// <summary>Each operation's median seconds; <c>InSum</c> is false for the Adam update, the alternative to the gradient-descent one.</summary>
    public static IReadOnlyList<(string Operation, double Seconds, bool InSum)> Run(MlpShape shape, int rows, int repeats)
    {
        var random = new Random(1);
        var x = new Matrix(rows, shape.InputSize);
        foreach (ref float v in x.Span)
        {
            v = random.NextSingle();
        }

        int[] y = [.. Enumerable.Range(0, rows).Select(i => i % shape.OutputSize)];
        var network = MlpNetwork.CreateRandom(shape, 1);
        MlpParameters p = network.Parameters;
        int layers = shape.LayerCount;
        Matrix[] h = [.. Enumerable.Range(0, layers).Select(l => new Matrix(rows, shape.FanOut(l)))];
        Matrix[] d = [.. Enumerable.Range(0, layers).Select(l => new Matrix(rows, shape.FanOut(l)))];
        var results = new List<(string, double, bool)>();
        void Time(string name, Action action, bool inSum = true) => results.Add((name, EpochBenchmark.MedianSeconds(repeats, action), inSum));

        // Two passes, the second reported: during the first the runtime is still optimising the operations' code (the
        // gradient-descent update at 5250 rows took 1.26 ms in a single pass, 0.04 ms in the second; AMD EPYC Zen 4).
        for (int pass = 0; pass < 2; pass++)
        {
            results.Clear();
            for (int l = 0; l < layers; l++)
            {
                Matrix input = l == 0 ? x : h[l - 1];
                int layer = l;
                bool relu = l < layers - 1 && network.Activation == HiddenActivation.Relu;
                Time($"forward layer {l + 1}: product + bias{(relu ? " + ReLU" : string.Empty)} (fused)", () => Gemm.Linear(input, p.Weights[layer].Value, p.Biases[layer].Value, h[layer], relu));
            }

            Time("softmax + cross-entropy + δ", () => CrossEntropy.SoftmaxLossAndGradient(h[^1], y, d[^1]));
            for (int l = layers - 1; l >= 0; l--)
            {
                Matrix input = l == 0 ? x : h[l - 1];
                int layer = l;
                Time($"weight gradient GEMM layer {l + 1}", () => Gemm.Multiply(input, true, d[layer], false, p.Weights[layer].Gradient));
                Time($"bias gradient (column sums) layer {l + 1}", () => MatrixKernels.ColumnSums(d[layer], p.Biases[layer].Gradient.Span));
                if (l > 0)
                {
                    Time($"input gradient GEMM layer {l + 1}", () => Gemm.Multiply(d[layer], false, p.Weights[layer].Value, true, d[layer - 1]));
                    Time($"ReLU mask layer {l}", () => ActivationKernels.Backward(network.Activation, input.Span, d[layer - 1].Span, d[layer - 1].Span));
                }
            }

            Time("gradient-descent update", () => new GradientDescent().Step(p.All, 1e-4f));
            var adam = new Adam();
            Time("Adam update (instead of gradient descent; not in the sum)", () => adam.Step(p.All, 1e-4f), inSum: false);
        }

        return results;
    }
}
