using System.Diagnostics;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Optimizers;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Times full-batch training epochs (forward + backward + gradient-descent update) and the big matrix product.
/// Inputs are uniform random numbers in [0, 1): dense GEMM time does not depend on the values, so the figures hold
/// for MNIST too. Each figure is the median of <c>repeats</c> timed runs after a warm-up; the engines are timed in turn.
/// </summary>
internal static class EpochBenchmark
{
    /// <summary>
    /// The median of <paramref name="repeats"/> timed calls after a warm-up long enough for the tiered JIT to promote
    /// what the action calls: the runtime counts calls only after 100 ms without new unoptimised methods and promotes a
    /// method after 30 calls, so a profile warmed up with one call timed cheap operations in unoptimised code.
    /// </summary>
    public static double MedianSeconds(int repeats, Action action) => Median(TimedSeconds(repeats, action));

    /// <summary>
    /// The fastest of <paramref name="repeats"/> timed runs of <paramref name="action"/> after the same warm-up: the VM's
    /// noise only adds time, so the fastest run shows what the code can do (for comparing shapes, not for reporting a speed).
    /// </summary>
    public static double FastestSeconds(int repeats, Action action) => TimedSeconds(repeats, action).Min();

    /// <summary>Seconds of each of <paramref name="repeats"/> calls of <paramref name="action"/> after <see cref="WarmUp"/>.</summary>
    private static double[] TimedSeconds(int repeats, Action action)
    {
        WarmUp(action);
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        return times;
    }

    /// <summary>The median of <paramref name="times"/> (sorted in place).</summary>
    public static double Median(double[] times)
    {
        Array.Sort(times);
        int n = times.Length;
        return n % 2 == 1 ? times[n / 2] : (times[(n / 2) - 1] + times[n / 2]) / 2;
    }

    /// <summary>Calls <paramref name="action"/> at least 40 times and for at least 0.3 s (at most 2 s), past the tiered JIT's promotion.</summary>
    public static void WarmUp(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        for (int calls = 0; calls < 40 || Stopwatch.GetElapsedTime(start).TotalSeconds < 0.3; calls++)
        {
            action();
            if (Stopwatch.GetElapsedTime(start).TotalSeconds > 2)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Median seconds of each action over <paramref name="repeats"/> rounds that call every action once in turn (after
    /// a warm-up of each), so that all of them are timed in the same phases of the VM's drifting speed: timed one after
    /// another, the same work gave engine ratios from 0.69 to 1.10 in one run.
    /// </summary>
    public static double[] MedianSecondsInTurn(int repeats, IReadOnlyList<Action> actions)
    {
        foreach (Action action in actions)
        {
            WarmUp(action);
        }

        var times = new double[actions.Count][];
        for (int i = 0; i < actions.Count; i++)
        {
            times[i] = new double[repeats];
        }

        for (int r = 0; r < repeats; r++)
        {
            for (int i = 0; i < actions.Count; i++)
            {
                long start = Stopwatch.GetTimestamp();
                actions[i]();
                times[i][r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        }

        return [.. times.Select(Median)];
    }

    /// <summary>Median seconds per full-batch epoch (gradients and a gradient-descent step) of each engine, timed in turn.</summary>
    public static IReadOnlyList<(GradientEngine Engine, double Seconds)> FullBatchEpochSeconds(MlpShape shape, int rows, int repeats)
    {
        Matrix x = RandomMatrix(rows, shape.InputSize, seed: 1);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            y[i] = i % shape.OutputSize;
        }

        GradientEngine[] kinds = Enum.GetValues<GradientEngine>();
        var epochs = new Action[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            var network = MlpNetwork.CreateRandom(shape, seed: 1);
            IGradientEngine engine = IGradientEngine.Create(kinds[i], network);
            var optimizer = new GradientDescent();
            epochs[i] = () =>
            {
                engine.ComputeGradients(x, y);
                optimizer.Step(network.Parameters.All, 1e-4f);
            };
        }

        double[] seconds = MedianSecondsInTurn(repeats, epochs);
        return [.. kinds.Select((kind, i) => (kind, seconds[i]))];
    }

    /// <summary>Median seconds of one epoch of shuffled minibatch SGD over <paramref name="rows"/> rows (through <see cref="TrainingLoop"/>) for each engine, timed in turn.</summary>
    public static IReadOnlyList<(GradientEngine Engine, double Seconds)> MinibatchEpochSeconds(MlpShape shape, int rows, int batchSize, int repeats)
    {
        Matrix x = RandomMatrix(rows, shape.InputSize, seed: 1);
        int[] y = [.. Enumerable.Range(0, rows).Select(i => i % shape.OutputSize)];
        GradientEngine[] kinds = Enum.GetValues<GradientEngine>();
        var epochs = new Action[kinds.Length];
        for (int i = 0; i < kinds.Length; i++)
        {
            var network = MlpNetwork.CreateRandom(shape, seed: 1);
            var options = new TrainingOptions { Engine = kinds[i], MaxEpochs = 1, BatchSize = batchSize, LearningRate = 0.01f };
            epochs[i] = () => TrainingLoop.Train(network, x, y, options);
        }

        double[] seconds = MedianSecondsInTurn(repeats, epochs);
        return [.. kinds.Select((kind, i) => (kind, seconds[i]))];
    }

    /// <summary>
    /// Seconds spent in the matrix products of one Backprop step alone: per layer the forward product, the weight
    /// gradient and (except for the first layer) the input gradient, timed one by one. The difference to the whole
    /// step is the element-wise work (bias, activation, softmax, column sums, update).
    /// </summary>
    public static double StepGemmSeconds(MlpShape shape, int rows, int repeats)
    {
        double total = 0;
        for (int l = 0; l < shape.LayerCount; l++)
        {
            int fanIn = shape.FanIn(l), fanOut = shape.FanOut(l);
            total += GemmSeconds(rows, fanOut, fanIn, false, false, repeats);
            total += GemmSeconds(fanIn, fanOut, rows, true, false, repeats);
            if (l > 0)
            {
                total += GemmSeconds(rows, fanIn, fanOut, false, true, repeats);
            }
        }

        return total;
    }

    /// <summary>
    /// GFLOP/s of C = A·B for an m×k by k×n product (2mnk flops): of the median run, or of the fastest with
    /// <paramref name="fastest"/> (<see cref="FastestSeconds"/>).
    /// </summary>
    public static double GemmGflops(int m, int n, int k, bool transposeA, bool transposeB, int repeats, bool fastest = false)
    {
        return 2.0 * m * n * k / GemmSeconds(m, n, k, transposeA, transposeB, repeats, fastest) / 1e9;
    }

    private static double GemmSeconds(int m, int n, int k, bool transposeA, bool transposeB, int repeats, bool fastest = false)
    {
        Matrix a = transposeA ? RandomMatrix(k, m, 2) : RandomMatrix(m, k, 2);
        Matrix b = transposeB ? RandomMatrix(n, k, 3) : RandomMatrix(k, n, 3);
        var c = new Matrix(m, n);
        void Product() => Gemm.Multiply(a, transposeA, b, transposeB, c);
        return fastest ? FastestSeconds(repeats, Product) : MedianSeconds(repeats, Product);
    }

    internal static Matrix RandomMatrix(int rows, int cols, int seed)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, cols);
        Span<float> span = m.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = random.NextSingle();
        }

        return m;
    }
}
