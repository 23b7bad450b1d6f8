namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// This build of the library against another, alternating in one process (<see cref="InterleavedComparison"/>): the
/// deep, shallow and large ([784, 1024, 1024, 10]) networks' matrix products and full-batch training epochs at each row count, with a check that both
/// builds compute the same numbers bit for bit. This is how every kernel change since the third session was decided:
/// separate runs drift by more than the changes being measured.
/// </summary>
internal static class BuildComparison
{
    /// <summary>One row of the comparison: median milliseconds per call of each build and whether their results are bitwise equal.</summary>
    public readonly record struct Row(string Work, double OtherMs, double ThisMs, bool SameResults);

    public static IEnumerable<Row> Run(LibraryBuild other, IEnumerable<int> rowCounts, int rounds)
    {
        LibraryBuild current = LibraryBuild.Current;
        foreach (int rows in rowCounts)
        {
            foreach ((string name, int m, int n, int k, bool ta, bool tb) in Products(rows))
            {
                var random = new Random(rows);
                float[] a = RandomValues(random, m * k);
                float[] b = RandomValues(random, k * n);
                Func<float[]> before = other.Product(m, n, k, ta, tb, a, b);
                Func<float[]> after = current.Product(m, n, k, ta, tb, a, b);
                bool same = before().AsSpan().SequenceEqual(after());
                (double otherMs, double thisMs) = InterleavedComparison.Run(() => before(), () => after(), rounds, CallsPerRound(2.0 * m * n * k));
                yield return new Row($"{name}, {m}×{k} · {k}×{n}", otherMs, thisMs, same);
            }

            foreach ((string shape, int epochs) in new[] { ("Deep", 3), ("Shallow", 20) })
            {
                var random = new Random(rows);
                float[] x = RandomValues(random, rows * 784);
                int[] labels = [.. Enumerable.Range(0, rows).Select(i => i % 10)];
                Func<double[]> before = other.FullBatchTraining(shape, x, rows, labels, epochs);
                Func<double[]> after = current.FullBatchTraining(shape, x, rows, labels, epochs);
                bool same = before().AsSpan().SequenceEqual(after());
                (double otherMs, double thisMs) = InterleavedComparison.Run(() => before(), () => after(), rounds, 1);
                yield return new Row($"{shape.ToLowerInvariant()} network, {epochs} full-batch epochs of {rows} rows", otherMs, thisMs, same);
            }
        }
    }

    private static IEnumerable<(string Name, int M, int N, int K, bool TransposeA, bool TransposeB)> Products(int rows) =>
    [
        ("deep forward X·W1", rows, 300, 784, false, false),
        ("deep weight gradient Xᵀ·δ1", 784, 300, rows, true, false),
        ("deep forward H1·W2", rows, 100, 300, false, false),
        ("deep input gradient δ2·W2ᵀ", rows, 300, 100, false, true),
        ("deep weight gradient H1ᵀ·δ2", 300, 100, rows, true, false),
        ("shallow forward X·W", rows, 10, 784, false, false),
        ("shallow weight gradient Xᵀ·δ", 784, 10, rows, true, false),
        ("large forward X·W1", rows, 1024, 784, false, false),
        ("large weight gradient Xᵀ·δ1", 784, 1024, rows, true, false),
        ("large forward H1·W2", rows, 1024, 1024, false, false),
        ("large input gradient δ2·W2ᵀ", rows, 1024, 1024, false, true),
        ("large weight gradient H1ᵀ·δ2", 1024, 1024, rows, true, false),
    ];

    /// <summary>Enough calls for a round of about 10 ms (at 100 GFLOP/s), so that timer resolution and call overhead do not matter.</summary>
    private static int CallsPerRound(double flops) => Math.Clamp((int)(1e9 / flops), 1, 200);

    private static float[] RandomValues(Random random, int count)
    {
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }
}
