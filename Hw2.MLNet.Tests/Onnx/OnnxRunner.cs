using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace Hw2.MLNet.Tests.Onnx;

/// <summary>Runs an ONNX file in ONNX Runtime on a batch of rows, and reads the same rows' columns from ML.NET views.</summary>
internal static class OnnxRunner
{
    /// <summary>Every output of the graph for <paramref name="rows"/> (one float vector each) fed to input <paramref name="input"/> as one [N, d] batch.</summary>
    public static Dictionary<string, float[]> Run(string path, string input, float[][] rows)
    {
        int d = rows[0].Length;
        float[] batch = [.. rows.SelectMany(r => r)];
        using var session = new InferenceSession(path);
        using var tensor = OrtValue.CreateTensorValueFromMemory(batch, [rows.Length, d]);
        using var options = new RunOptions();
        string[] names = [.. session.OutputMetadata.Keys];
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(options, [input], [tensor], names);
        var result = new Dictionary<string, float[]>();
        for (int i = 0; i < names.Length; i++)
        {
            result[names[i]] = outputs[i].GetTensorDataAsSpan<float>().ToArray();
        }

        return result;
    }

    /// <summary>A vector column's rows.</summary>
    public static float[][] Vectors(IDataView view, string column) =>
        [.. view.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray())];

    /// <summary>A Single column's rows.</summary>
    public static float[] Singles(IDataView view, string column) => [.. view.GetColumn<float>(column)];

    /// <summary>
    /// Asserts that <paramref name="onnx"/> is within <paramref name="tolerance"/> of <paramref name="expected"/>
    /// (<see cref="MaxRelativeDifference"/>), and writes the largest difference measured to the test's output.
    /// </summary>
    public static void AssertClose(TestContext context, string what, IReadOnlyList<float> onnx, IReadOnlyList<float> expected, double tolerance)
    {
        double difference = MaxRelativeDifference(onnx, expected);
        context.WriteLine($"{what}: largest relative difference {difference:E2}");
        Assert.IsLessThanOrEqualTo(tolerance, difference, what);
    }

    /// <summary>The largest |a − b| / max(1, |b|) over two equally long sequences.</summary>
    public static double MaxRelativeDifference(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        Assert.HasCount(b.Count, a);
        double max = 0;
        for (int i = 0; i < a.Count; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - (double)b[i]) / Math.Max(1, Math.Abs((double)b[i])));
        }

        return max;
    }
}
