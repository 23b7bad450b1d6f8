using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Hw2.MLNet.Data;
using Hw2.MLNet.Gradients;
using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Samples.Terminal;
using Hw2.MLNet.Tests.Data;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.Samples;

/// <summary>The report generator on a tiny generated image set: every figure exists and is a real PNG, every number equals its CSV.</summary>
[TestClass]
public sealed partial class ReportTests
{
    private static string folder = null!;
    private static string report = null!;

    [ClassInitialize]
    public static void RunTinyReport(TestContext context)
    {
        folder = Directory.CreateTempSubdirectory("hw2-report-").FullName;
        string train = WriteSet("train", 300, seed: 1);
        string test = WriteSet("test", 100, seed: 2);
        var ml = new MLContext(seed: 1);
        ExperimentData Open(PixelScale scale) => ExperimentData.FromViews(
            ml,
            new IdxDataView(train + "-images", train + "-labels", scale),
            new IdxDataView(test + "-images", test + "-labels", scale),
            scale,
            "tiny");
        ReportPlan plan = ReportPlan.Homework with
        {
            Training = TrainingSettings.Homework with { MaxEpochs = 4, MaxExamples = 200 },
            Sweep = new SweepSettings([50, 150, 250], 30, GradientEngine.Backprop, 1),
            Modern = TrainingSettings.Modern with { MaxEpochs = 3, MaxExamples = 300, BatchSize = 32 },
            Collapse = TrainingSettings.Modern with { MaxEpochs = 2, MaxExamples = 300, BatchSize = 32 },
            DeadRelu = TrainingSettings.Homework with { MaxEpochs = 3, MaxExamples = 300 },
        };
        var log = new StringWriter();
        using var outputs = new OutputSet(Path.Combine(folder, "out"));
        ReportResults results = ReportRunner.Run(ml, Open(PixelScale.Raw), Open(PixelScale.Unit), plan, outputs, new PlainProgressBoard(log, everyStep: true), CancellationToken.None);
        report = ReportWriter.Write(results, "test");
        outputs.WriteText("report.md", report);
        outputs.Commit();
        context.WriteLine(report);
    }

    [ClassCleanup]
    public static void Cleanup() => Directory.Delete(folder, recursive: true);

    [TestMethod]
    public void EveryFigureIsAValidPngOfSensibleSize()
    {
        string[] figures = Figure().Matches(report).Select(m => m.Groups[1].Value).ToArray();
        Assert.HasCount(6 + 6 + 3 + 2 + 1, figures, "training (3 engines × 2 networks × 2), learning curves (2 + overlay), modern (2), dead ReLU (1)");
        foreach (string figure in figures)
        {
            byte[] png = File.ReadAllBytes(Path.Combine(folder, "out", figure));
            CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, png[..8], figure);
            Assert.AreEqual(900, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), figure + " width");
            Assert.AreEqual(560, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), figure + " height");
            Assert.IsGreaterThan(15_000, png.Length, $"{figure} has {png.Length} bytes: too small to hold axes, curves and text");
        }
    }

    [TestMethod]
    public void TrainingTableEqualsTheLastRowOfEachCsv()
    {
        foreach (string network in new[] { "deep", "shallow" })
        {
            foreach ((string engine, string name) in new[] { ("modules", "nn (modules)"), ("autograd", "autograd"), ("backprop", "backprop") })
            {
                string[] last = File.ReadAllLines(Path.Combine(folder, "out", $"training-{network}-{engine}.csv"))[^1].Split(',');
                string[] row = TableRow($"| {network} | {name} |");
                Assert.AreEqual(last[0], row[2], "epochs");
                Assert.AreEqual(Numbers.Loss(Parse(last[1])), row[3], "loss");
                Assert.AreEqual(Numbers.Percent(Parse(last[2])), row[4], "train accuracy");
                Assert.AreEqual(Numbers.Percent(Parse(last[4])), row[5], "test accuracy");
            }
        }
    }

    [TestMethod]
    public void LearningCurveTableEqualsTheCsvs()
    {
        string[] deep = File.ReadAllLines(Path.Combine(folder, "out", "learning-curve-deep.csv"))[1..];
        string[] shallow = File.ReadAllLines(Path.Combine(folder, "out", "learning-curve-shallow.csv"))[1..];
        Assert.HasCount(3, deep);
        for (int i = 0; i < deep.Length; i++)
        {
            string[] d = deep[i].Split(',');
            string[] s = shallow[i].Split(',');
            string[] row = TableRow($"| {d[0]} |");
            string[] expected = [d[0], d[1], Numbers.Percent(Parse(d[3])), Numbers.Percent(Parse(d[6])), s[1], Numbers.Percent(Parse(s[3])), Numbers.Percent(Parse(s[6]))];
            CollectionAssert.AreEqual(expected, row, $"size {d[0]}");
        }
    }

    [TestMethod]
    public void ParagraphsQuoteTheMeasuredNumbers()
    {
        string[] last = File.ReadAllLines(Path.Combine(folder, "out", "training-deep-backprop.csv"))[^1].Split(',');
        string[] first = File.ReadAllLines(Path.Combine(folder, "out", "training-deep-backprop.csv"))[1].Split(',');
        StringAssert.Contains(report, $"the training loss goes from {Numbers.Loss(Parse(first[1]))} after epoch 1 to {Numbers.Loss(Parse(last[1]))} after epoch {last[0]}");
        string[] modern = File.ReadAllLines(Path.Combine(folder, "out", "modern-deep.csv"))[^1].Split(',');
        StringAssert.Contains(report, $"the test accuracy is {Numbers.Percent(Parse(modern[4]))}");
        string[] dead = File.ReadAllLines(Path.Combine(folder, "out", "dead-relu-lr1x.csv"))[^1].Split(',');
        StringAssert.Contains(report, $"At 1× the homework's rate, {Numbers.Percent(Parse(dead[7]))} of the first and {Numbers.Percent(Parse(dead[8]))} of the second hidden layer are dead");
    }

    private static string[] TableRow(string start)
    {
        string line = report.Split('\n').Single(l => l.StartsWith(start, StringComparison.Ordinal));
        return line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
    }

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Images where class c lights a 6×6 block at a class-specific place, plus noise; labels cycle through 0–9.</summary>
    private static string WriteSet(string name, int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 10;
            labels[i] = (byte)label;
            for (int p = 0; p < 784; p++)
            {
                pixels[(i * 784) + p] = (byte)random.Next(40);
            }

            int top = 2 + (label / 5 * 12);
            int left = 2 + (label % 5 * 5);
            for (int r = top; r < top + 6; r++)
            {
                for (int c = left; c < left + 4; c++)
                {
                    pixels[(i * 784) + (r * 28) + c] = 255;
                }
            }
        }

        string stem = Path.Combine(folder, name);
        File.WriteAllBytes(stem + "-images", IdxReaderTests.Images(count, 28, 28, pixels));
        File.WriteAllBytes(stem + "-labels", IdxReaderTests.Labels(labels));
        return stem;
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(([^)]+\.png)\)")]
    private static partial Regex Figure();
}
