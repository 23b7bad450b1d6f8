using Hw2.MLNet.Samples.Tabular;
using Hw2.MLNet.Tests.Support;
using Microsoft.ML;
using static Hw2.MLNet.Tests.Onnx.OnnxRunner;

namespace Hw2.MLNet.Tests.Samples;

/// <summary>The console's <c>export-onnx</c>: the <c>table</c> command's model to an ONNX file that scores the table's raw columns; and its refusals.</summary>
[TestClass]
public sealed class ExportOnnxCommandTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-export-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void ATableModelExportsToAFileThatScoresTheRawColumnsAsTheModelDoes()
    {
        string csv = Path.Combine(folder, "points.csv");
        var random = new Random(5);
        File.WriteAllLines(csv, ["x1,x2,kind", .. Enumerable.Range(0, 150).Select(_ =>
        {
            double x1 = (random.NextDouble() * 40) - 20, x2 = random.NextDouble() * 1000;
            return FormattableString.Invariant($"{x1},{x2},{(x1 > 5 ? "high" : x1 < -5 ? "low" : "middle")}");
        })]);
        string output = Path.Combine(folder, "out");
        Assert.AreEqual(0, ConsoleRun.Run(["table", csv, "--task", "multiclass", "--label", "kind", "--out", output, "-e", "5"], out _, out string tableError), tableError);
        string model = Path.Combine(output, "table-points-model.zip");

        Assert.AreEqual(0, ConsoleRun.Run(["export-onnx", model, "--fold-normalizer"], out string printed, out string error), error);
        string onnx = Path.ChangeExtension(model, ".onnx");
        StringAssert.Contains(printed, $"Wrote {onnx} (");
        StringAssert.Contains(printed, "input   Features float32 [N, 2], the features before normalization");
        StringAssert.Contains(printed, "output  Score float32 [N, 3]");

        var ml = new MLContext();
        (ITransformer loaded, _) = MlpModelIO.Load(ml, model);
        IDataView data = CsvTable.Inspect(csv, "kind").Load(ml, TabularTask.Multiclass);
        float[] expected = [.. Vectors(loaded.Transform(data), "Score").SelectMany(r => r)];
        Assert.IsLessThanOrEqualTo(1e-5, MaxRelativeDifference(Run(onnx, "Features", Vectors(data, "Features"))["Score"], expected), "raw columns in (x2 up to 1000), the pipeline's scores out");
    }

    [TestMethod]
    public void AMissingOrForeignModelFileIsNamedAndNothingIsWritten()
    {
        string missing = Path.Combine(folder, "none.zip");
        Assert.AreEqual(1, ConsoleRun.Run(["export-onnx", missing], out _, out string error));
        Assert.AreEqual($"error: {missing} does not exist; give a model file written by MlpModelIO.Save (the table command writes one).{Environment.NewLine}", error);

        string foreign = Path.Combine(folder, "notes.zip");
        File.WriteAllText(foreign, "not a model");
        string target = Path.Combine(folder, "kept.onnx");
        File.WriteAllText(target, "an earlier export");
        Assert.AreEqual(1, ConsoleRun.Run(["export-onnx", foreign, "-o", target], out _, out error));
        StringAssert.StartsWith(error, $"error: {foreign}: not a readable Hw2.MLNet model file");
        Assert.AreEqual("an earlier export", File.ReadAllText(target));
    }
}
