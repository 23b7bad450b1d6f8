using System.Globalization;
using Hw2.MLNet.Samples.Commands;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Samples;

/// <summary>The console's <c>table</c> command: a run on a CSV file for each task, and its refusals of bad files and command lines.</summary>
[TestClass]
public sealed class TableCommandTests
{
    private string folder = null!;

    [TestInitialize]
    public void Setup() => folder = Directory.CreateTempSubdirectory("hw2-table-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// A table with a text column (left out) and a label of each kind: the run prints the task's metrics and writes
    /// the history, the plot and a model that <see cref="MlpModelIO.Load"/> reads back for that task.
    /// </summary>
    [TestMethod]
    [DataRow("binary", "positive", "AUC", MlpTask.BinaryClassification)]
    [DataRow("regression", "target", "R²", MlpTask.Regression)]
    [DataRow("multiclass", "kind", "MicroAccuracy", MlpTask.MulticlassClassification)]
    public void TrainsOnACsvFileAndWritesTheHistoryThePlotAndTheModel(string task, string label, string metric, MlpTask expected)
    {
        string csv = WriteTable(label);
        string output = Path.Combine(folder, "out");
        int code = ConsoleRun.Run(["table", csv, "--task", task, "--label", label, "--out", output, "-e", "20"], out string text, out string error);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(text, $"table.csv: {task} on '{label}' from 2 numeric columns (left out, not numbers: city).");
        StringAssert.Contains(text, metric);
        double value = double.Parse(text.Split('\n').Single(l => l.TrimStart().StartsWith(metric + " ", StringComparison.Ordinal)).Trim()[metric.Length..], CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0.8, value, $"{metric} {value}: the label is an easy function of the features (a linear model reaches R² ≈ 0.72 on this one)");
        string[] history = File.ReadAllLines(Path.Combine(output, "table-table-history.csv"));
        Assert.HasCount(21, history, "a header and 20 epochs");
        Assert.IsTrue(new FileInfo(Path.Combine(output, "table-table-loss.png")).Length > 1000);
        var model = MlpModelIO.Load(new Microsoft.ML.MLContext(), Path.Combine(output, "table-table-model.zip")).Model;
        MlpModelParameters mlp = ((IEnumerable<Microsoft.ML.ITransformer>)model).OfType<MlpTransformer>().Single().Model;
        Assert.AreEqual(expected, mlp.Task);
        int[] hidden = expected == MlpTask.MulticlassClassification ? [300, 100] : [100];
        CollectionAssert.AreEqual(new[] { 2 }.Concat(hidden).ToArray(), mlp.Shape.LayerSizes.Take(hidden.Length + 1).ToArray(), "the trainer's default network, features first");
        Assert.IsEmpty(Directory.GetFiles(output, "*.tmp*"), "no temporary file is left");
    }

    [TestMethod]
    public void AMissingLabelColumnIsNamedWithTheColumnsThereAre()
    {
        string csv = WriteTable();
        var error = new StringWriter();
        int code = RootCommandFactory.Run(["table", csv, "--task", "binary", "--label", "price", "--out", Path.Combine(folder, "out")], error);
        Assert.AreEqual(1, code);
        Assert.AreEqual($"error: {csv} has no column 'price' (its columns: x1, x2, city, positive, target, kind); give --label one of them.{Environment.NewLine}", error.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "out")), "nothing is written");
    }

    [TestMethod]
    public void ARaggedRowIsNamedByLine()
    {
        string csv = Path.Combine(folder, "ragged.csv");
        File.WriteAllText(csv, "a,b,y\n1,2,3\n4,5\n");
        var error = new StringWriter();
        Assert.AreEqual(1, RootCommandFactory.Run(["table", csv, "--task", "regression", "--label", "y", "--out", Path.Combine(folder, "out")], error));
        StringAssert.Contains(error.ToString(), $"{csv}, line 3: 2 fields, but the header has 3.");
    }

    [TestMethod]
    public void ANonBooleanBinaryLabelGetsTheTrainersError()
    {
        string csv = WriteTable();
        var error = new StringWriter();
        Assert.AreEqual(1, RootCommandFactory.Run(["table", csv, "--task", "binary", "--label", "target", "--out", Path.Combine(folder, "out")], error));
        StringAssert.Contains(error.ToString(), "error: ");
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "out")) && Directory.GetFiles(Path.Combine(folder, "out")).Length > 0, "no output is written");
    }

    [TestMethod]
    [DataRow("table X.csv --task cluster --label y", "Unknown task 'cluster' for --task; use binary, regression or multiclass.")]
    [DataRow("table X.csv --task binary --label y --test-fraction 1", "--test-fraction takes a number between 0 and 1 such as 0.2, not '1'.")]
    [DataRow("table X.csv --task binary --label y --hidden 10,x", "--hidden takes layer sizes such as 100 or 64,32 (whole numbers of at least 1, comma-separated), not '10,x'.")]
    [DataRow("table X.csv --label y", "Option '--task' is required.")]
    public void ABadCommandLineGetsOneLine(string line, string message)
    {
        var error = new StringWriter();
        Assert.AreEqual(2, RootCommandFactory.Run(line.Split(' '), error));
        Assert.AreEqual($"error: {message} (--help lists the commands and options){Environment.NewLine}", error.ToString());
    }

    /// <summary>200 rows: two numeric features, a text column, and the label <paramref name="label"/> (positive: a boolean, target: a number in the hundreds, kind: three kinds), or all three.</summary>
    private string WriteTable(string? label = null)
    {
        var random = new Random(4);
        string[] labels = label is null ? ["positive", "target", "kind"] : [label];
        var lines = new List<string> { "x1,x2,city," + string.Join(',', labels) };
        for (int i = 0; i < 200; i++)
        {
            double x1 = (random.NextDouble() * 4) - 2, x2 = (random.NextDouble() * 4) - 2;
            string kind = x1 > 0.5 ? "high" : x1 < -0.5 ? "low" : "middle";
            var values = new Dictionary<string, string>
            {
                ["positive"] = x1 + x2 > 0 ? "true" : "false",
                ["target"] = (200 + (50 * x1) + (30 * x2 * x2)).ToString("R", CultureInfo.InvariantCulture),
                ["kind"] = kind,
            };
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{(i % 2 == 0 ? "Oslo" : "Rome")},") + string.Join(',', labels.Select(l => values[l])));
        }

        string path = Path.Combine(folder, "table.csv");
        File.WriteAllLines(path, lines);
        return path;
    }
}
