using Hw2.MLNet.Samples.Experiments;
using Hw2.MLNet.Samples.Output;
using Hw2.MLNet.Samples.Reporting;
using Hw2.MLNet.Training;
using SkiaSharp;

namespace Hw2.MLNet.Tests.Samples;

/// <summary>The <c>recipe</c> command's outputs from given runs: the CSV, the Markdown summary and the figure.</summary>
[TestClass]
public sealed class RecipeReportTests
{
    private static RecipeRun Run(string name, int epochs, int kept, double test, bool validation) => new(
        name,
        $"{name} settings",
        600,
        [.. Enumerable.Range(1, epochs).Select(e => new EpochRecord(
            e, 1.0 / e, 0.5 + (0.01 * e), 1e-3f, TimeSpan.FromSeconds(2), validation ? 0.5 / e : null, validation ? 0.6 + (0.01 * e) : null, MonitorLoss: 0.4 / e, MonitorAccuracy: 0.7 + (0.001 * e)))],
        kept,
        test,
        TimeSpan.FromSeconds(2 * epochs));

    [TestMethod]
    public void TheSummaryTheCsvAndTheFigureCarryTheRunsNumbers()
    {
        RecipeRun[] runs = [Run("homework", 4, 4, 0.6123, validation: false), Run("accuracy recipe", 3, 2, 0.98876, validation: true)];
        string[] csv = runs[1].ToCsv().Split('\n');
        Assert.AreEqual(RecipeRun.CsvHeader, csv[0]);
        Assert.AreEqual("1,1,0.51,0.5,0.61,0.4,0.701,0.001,2", csv[1]);
        Assert.AreEqual("1,1,0.51,,,0.4,0.701,0.001,2", runs[0].ToCsv().Split('\n')[1], "no validation split: empty cells");

        string folder = Path.Combine(Path.GetTempPath(), "hw2-recipe-" + Guid.NewGuid().ToString("N"));
        try
        {
            string figure, summary;
            using (var outputs = new OutputSet(folder))
            {
                figure = Figures.TestError(runs, "mnist", outputs);
                summary = outputs.WriteText("recipe-mnist.md", RecipeReport.Markdown(runs, "mnist", figure));
                outputs.Commit();
            }

            string md = File.ReadAllText(Path.Combine(folder, summary));
            StringAssert.Contains(md, "| homework | homework settings | 600 | 4 | 4 | **61.23 %** | 8.0 s |");
            StringAssert.Contains(md, "| accuracy recipe | accuracy recipe settings | 600 | 3 | 2 | **98.88 %** | 6.0 s |");
            StringAssert.Contains(md, "| 2 (kept) | 0.5000 | 52.00 % | 0.2500 | 62.00 % | 70.20 % | 0.001 | 2.0 |");
            StringAssert.Contains(md, "| 3 | 0.3333 |");
            StringAssert.Contains(md, $"![Test error against epochs]({figure})");
            using SKBitmap decoded = SKBitmap.Decode(Path.Combine(folder, figure));
            Assert.AreEqual(900, decoded.Width);
            Assert.AreEqual(560, decoded.Height);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The recipe's words are read from its options: each data set's summary names what its recipe does.</summary>
    [TestMethod]
    public void TheRecipeIsDescribedByItsOwnOptions()
    {
        Assert.AreEqual(
            "[1024, 1024] He, dropout 0.5 / input 0.2, shifts ±2 px, Adam 1e-3, cosine decay, batch 128, 10 % validation, best validation epoch kept",
            AccuracyRecipe.Describe(AccuracyRecipe.Options(Hw2.MLNet.Data.ImageDataset.Mnist)));
        Assert.AreEqual(
            "[1024, 1024] He, dropout 0.5, Adam 1e-3, cosine decay, batch 128, 10 % validation, best validation epoch kept",
            AccuracyRecipe.Describe(AccuracyRecipe.Options(Hw2.MLNet.Data.ImageDataset.FashionMnist)));
    }
}
