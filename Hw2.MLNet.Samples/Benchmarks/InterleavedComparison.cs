using System.Diagnostics;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Two ways of doing the same work timed in alternation in one process: the VM's speed drifts by up to 2× over hours
/// and by ±15–30 % within a run, which hid 5–20 % differences from separate runs; alternating short timed rounds puts
/// both variants in the same phase. Used for the fused layer (<see cref="Gemm.Linear"/>) against its three separate passes
/// and for one build of the library against another (<see cref="BuildComparison"/>).
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
