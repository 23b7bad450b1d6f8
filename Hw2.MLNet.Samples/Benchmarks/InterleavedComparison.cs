using System.Diagnostics;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Two ways of doing the same work timed in alternation in one process: the VM's speed drifts by up to 2× over hours
/// and by ±15–30 % within a run, which hid 5–20 % differences from separate runs; alternating short timed rounds puts
/// both variants in the same phase. Used for the fused layer (<see cref="Gemm.Linear"/>) against its three separate passes,
/// for the zero-depth tiles against the dense ones (<see cref="ZeroDepthProducts"/>, <see cref="ZeroDepthSweeps"/>) and
/// for one build of the library against another (<see cref="BuildComparison"/>).
/// </summary>
internal static class InterleavedComparison
{
    /// <summary>Median milliseconds per call of <paramref name="first"/> and <paramref name="second"/> over alternating rounds.</summary>
    public static (double First, double Second) Run(Action first, Action second, int rounds, int callsPerRound)
    {
        EpochBenchmark.WarmUp(first);
        EpochBenchmark.WarmUp(second);
        var a = new double[rounds];
        var b = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            a[r] = Time(first, callsPerRound);
            b[r] = Time(second, callsPerRound);
        }

        Array.Sort(a);
        Array.Sort(b);
        return (a[rounds / 2], b[rounds / 2]);
    }

    /// <summary>The deep network's first layer, <c>relu(X·W1 + b1)</c>, fused and in three passes, at each row count.</summary>
    public static IEnumerable<(int Rows, double Separate, double Fused)> FusedLayer(IEnumerable<int> rows, int rounds)
    {
        foreach (int n in rows)
        {
            Matrix x = EpochBenchmark.RandomMatrix(n, 784, 1);
            Matrix w = EpochBenchmark.RandomMatrix(784, 300, 2);
            Matrix bias = EpochBenchmark.RandomMatrix(1, 300, 3);
            var h = new Matrix(n, 300);
            (double separate, double fused) = Run(
                () =>
                {
                    Gemm.Multiply(x, false, w, false, h);
                    MatrixKernels.AddRowVector(h, bias.Span);
                    Relu.Forward(h.Span, h.Span);
                },
                () => Gemm.Linear(x, w, bias, h, relu: true),
                rounds,
                n >= 10000 ? 2 : 5);
            yield return (n, separate, fused);
        }
    }

    /// <summary>
    /// The deep network's first-layer products on the first <paramref name="rows"/> MNIST images (raw pixels, as the
    /// learning-curve sweep), the forward X·W1 (fused bias and ReLU) and the weight gradient Xᵀ·δ1, with the zero-depth
    /// tiles off and on in turn (<c>GemmKernel.UseZeroDepthSkipping</c>), and whether both give the same bits.
    /// </summary>
    public static IEnumerable<(int Rows, string Product, double Dense, double Skipping, bool Same)> ZeroDepthProducts(string mnistFolder, IEnumerable<int> rows, int rounds)
    {
        foreach (int n in rows)
        {
            (LabeledImages train, _) = ImageDataset.Mnist.Load(mnistFolder, PixelScale.Raw, maxTrain: n, maxTest: 1);
            Matrix x = train.Features;
            Matrix w = EpochBenchmark.RandomMatrix(784, 300, 2);
            Matrix bias = EpochBenchmark.RandomMatrix(1, 300, 3);
            Matrix delta = EpochBenchmark.RandomMatrix(n, 300, 4);
            var outputs = new[] { new Matrix(n, 300), new Matrix(n, 300) };
            var gradients = new[] { new Matrix(784, 300), new Matrix(784, 300) };
            Action Switched(bool skipping, Action product) => () =>
            {
                GemmKernel.UseZeroDepthSkipping = skipping;
                product();
            };

            try
            {
                int calls = n >= 5000 ? 3 : 10;
                (double dense, double skipping) = Run(
                    Switched(false, () => Gemm.Linear(x, w, bias, outputs[0], relu: true)),
                    Switched(true, () => Gemm.Linear(x, w, bias, outputs[1], relu: true)),
                    rounds,
                    calls);
                yield return (n, "forward X·W1 + b1, ReLU", dense, skipping, SameBits(outputs[0], outputs[1]));
                (dense, skipping) = Run(
                    Switched(false, () => Gemm.Multiply(x, true, delta, false, gradients[0])),
                    Switched(true, () => Gemm.Multiply(x, true, delta, false, gradients[1])),
                    rounds,
                    calls);
                yield return (n, "weight gradient Xᵀ·δ1", dense, skipping, SameBits(gradients[0], gradients[1]));
            }
            finally
            {
                GemmKernel.UseZeroDepthSkipping = true;
            }
        }
    }

    /// <summary>
    /// The homework's deep learning-curve sweep (Backprop) with the zero-depth tiles off and on in turn, the order
    /// swapped every round: median seconds of each and the epochs (the same for both when the numbers are).
    /// </summary>
    public static (double Dense, double Skipping, int DenseEpochs, int SkippingEpochs) ZeroDepthSweeps(string mnistFolder, int rounds)
    {
        var times = new[] { new double[rounds], new double[rounds] };
        var epochs = new int[2];
        try
        {
            for (int r = 0; r < rounds; r++)
            {
                for (int turn = 0; turn < 2; turn++)
                {
                    int variant = (turn + r) % 2;
                    GemmKernel.UseZeroDepthSkipping = variant == 1;
                    SweepBenchmark.SweepRun run = SweepBenchmark.Sweep(mnistFolder, GradientEngine.Backprop, deep: true);
                    times[variant][r] = run.Seconds;
                    epochs[variant] = run.Epochs;
                }
            }
        }
        finally
        {
            GemmKernel.UseZeroDepthSkipping = true;
        }

        return (EpochBenchmark.Median(times[0]), EpochBenchmark.Median(times[1]), epochs[0], epochs[1]);
    }

    private static bool SameBits(Matrix first, Matrix second) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(first.Span).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.AsBytes(second.Span));

    private static double Time(Action action, int calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds / calls;
    }
}
