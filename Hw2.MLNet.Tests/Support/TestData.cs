using Hw2.MLNet.Data;
using Hw2.MLNet.Numerics;

namespace Hw2.MLNet.Tests.Support;

/// <summary>Random matrices and the real MNIST files (fetched once per machine into the repository's data/mnist).</summary>
internal static class TestData
{
    private static readonly Lock Gate = new();

    public static Matrix RandomMatrix(int rows, int cols, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var m = new Matrix(rows, cols);
        Span<float> span = m.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return m;
    }

    public static int[] RandomLabels(int count, int classes, int seed)
    {
        var random = new Random(seed);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = random.Next(classes);
        }

        return labels;
    }

    /// <summary>The folder with verified MNIST files: $HW2_DATA/mnist, or data/mnist at the repository root.</summary>
    public static string MnistFolder() => DatasetFolder(ImageDataset.Mnist);

    /// <summary>The folder with the verified files of <paramref name="dataset"/> under $HW2_DATA or the repository's data/.</summary>
    public static string DatasetFolder(ImageDataset dataset)
    {
        lock (Gate)
        {
            string root = Environment.GetEnvironmentVariable("HW2_DATA") ?? Path.Combine(RepositoryRoot(), "data");
            string folder = Path.Combine(root, dataset.Name);
            dataset.EnsurePresent(folder);
            return folder;
        }
    }

    /// <summary>The CSV file of <paramref name="dataset"/> (made from its verified files) under $HW2_DATA or the repository's data/.</summary>
    public static string TabularCsv(TabularDataset dataset)
    {
        lock (Gate)
        {
            string root = Environment.GetEnvironmentVariable("HW2_DATA") ?? Path.Combine(RepositoryRoot(), "data");
            return dataset.EnsureCsv(Path.Combine(root, dataset.Name));
        }
    }

    public static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Hw2.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Hw2.sln not found above " + AppContext.BaseDirectory);
    }
}
