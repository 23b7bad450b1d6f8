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
/// for the zero-depth tiles against the dense ones (<see cref="ZeroDepthProducts"/>, <see cref="ZeroDepthSweeps"/>), for
/// full-batch training's fixed panels against panels made in every product (<see cref="FixedPanelProducts"/>,
/// <see cref="FixedPanelSweeps"/>) and
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
    public static IEnumerable<(int Rows, string Product, double Off, double On, bool Same)> ZeroDepthProducts(string mnistFolder, IEnumerable<int> rows, int rounds) =>
        SwitchedProducts(mnistFolder, rows, rounds, x => x, on => GemmKernel.UseZeroDepthSkipping = on);

    /// <summary>
    /// The same products of a fixed view of the images (<see cref="Matrix.AsFixed"/>, as full-batch training multiplies
    /// them), their panels made in every call and read from the kept layout in turn (<c>GemmKernel.UseFixedPanels</c>).
    /// </summary>
    public static IEnumerable<(int Rows, string Product, double Off, double On, bool Same)> FixedPanelProducts(string mnistFolder, IEnumerable<int> rows, int rounds) =>
        SwitchedProducts(mnistFolder, rows, rounds, x => x.AsFixed(), on => GemmKernel.UseFixedPanels = on);

    /// <summary>
    /// The homework's deep learning-curve sweep (Backprop) with the zero-depth tiles off and on in turn, the order
    /// swapped every round: median seconds of each and the epochs (the same for both when the numbers are).
    /// </summary>
    public static (double Off, double On, int OffEpochs, int OnEpochs) ZeroDepthSweeps(string mnistFolder, int rounds) =>
        SwitchedSweeps(mnistFolder, rounds, on => GemmKernel.UseZeroDepthSkipping = on);

    /// <summary>The same with full-batch training's fixed panels off and on in turn.</summary>
    public static (double Off, double On, int OffEpochs, int OnEpochs) FixedPanelSweeps(string mnistFolder, int rounds) =>
        SwitchedSweeps(mnistFolder, rounds, on => GemmKernel.UseFixedPanels = on);

    /// <summary>
    /// X·W1 and Xᵀ·δ1 of <paramref name="input"/>(X) with a switch of the library off and on in turn
    /// (<paramref name="switchOn"/>, left on), the median milliseconds of each and whether both give the same bits.
    /// </summary>
    private static IEnumerable<(int Rows, string Product, double Off, double On, bool Same)> SwitchedProducts(string mnistFolder, IEnumerable<int> rows, int rounds, Func<Matrix, Matrix> input, Action<bool> switchOn)
    {
        foreach (int n in rows)
        {
            (LabeledImages train, _) = ImageDataset.Mnist.Load(mnistFolder, PixelScale.Raw, maxTrain: n, maxTest: 1);
            Matrix x = input(train.Features);
            Matrix w = EpochBenchmark.RandomMatrix(784, 300, 2);
            Matrix bias = EpochBenchmark.RandomMatrix(1, 300, 3);
            Matrix delta = EpochBenchmark.RandomMatrix(n, 300, 4);
            var outputs = new[] { new Matrix(n, 300), new Matrix(n, 300) };
            var gradients = new[] { new Matrix(784, 300), new Matrix(784, 300) };
            Action Switched(bool on, Action product) => () =>
            {
                switchOn(on);
                product();
            };

            try
            {
                int calls = n >= 5000 ? 3 : 10;
                (double off, double on) = Run(
                    Switched(false, () => Gemm.Linear(x, w, bias, outputs[0], relu: true)),
                    Switched(true, () => Gemm.Linear(x, w, bias, outputs[1], relu: true)),
                    rounds,
                    calls);
                yield return (n, "forward X·W1 + b1, ReLU", off, on, SameBits(outputs[0], outputs[1]));
                (off, on) = Run(
                    Switched(false, () => Gemm.Multiply(x, true, delta, false, gradients[0])),
                    Switched(true, () => Gemm.Multiply(x, true, delta, false, gradients[1])),
                    rounds,
                    calls);
                yield return (n, "weight gradient Xᵀ·δ1", off, on, SameBits(gradients[0], gradients[1]));
            }
            finally
            {
                switchOn(true);
            }
        }
    }

    /// <summary>The deep learning-curve sweep with a switch off and on in turn (left on), the order swapped every round.</summary>
    private static (double Off, double On, int OffEpochs, int OnEpochs) SwitchedSweeps(string mnistFolder, int rounds, Action<bool> switchOn)
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
                    switchOn(variant == 1);
                    SweepBenchmark.SweepRun run = SweepBenchmark.Sweep(mnistFolder, GradientEngine.Backprop, deep: true);
                    times[variant][r] = run.Seconds;
                    epochs[variant] = run.Epochs;
                }
            }
        }
        finally
        {
            switchOn(true);
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
