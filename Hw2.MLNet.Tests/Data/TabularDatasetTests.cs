using System.Globalization;
using Hw2.MLNet.Data;
using Hw2.MLNet.Tests.Support;

namespace Hw2.MLNet.Tests.Data;

/// <summary>scikit-learn's tables as the CSV files the trainers' tests, the docs and <c>bench --tabular</c> read.</summary>
[TestClass]
public sealed class TabularDatasetTests
{
    [TestMethod]
    public void BreastCancerIsA569RowTableWith30FeaturesAndABooleanLabel()
    {
        string[] lines = File.ReadAllLines(TestData.TabularCsv(TabularDataset.BreastCancer));
        Assert.HasCount(570, lines, "a header and 569 rows");
        string[] header = lines[0].Split(',');
        Assert.HasCount(31, header);
        Assert.AreEqual("mean_radius", header[0]);
        Assert.AreEqual("worst_fractal_dimension", header[29]);
        Assert.AreEqual(TabularDataset.BreastCancer.LabelColumn, header[30]);
        int[] labels = [.. lines.Skip(1).Select(l => int.Parse(l.Split(',')[30], CultureInfo.InvariantCulture))];
        Assert.AreEqual(357, labels.Count(v => v == 1), "benign");
        Assert.AreEqual(212, labels.Count(v => v == 0), "malignant");
        Assert.AreEqual("17.99", lines[1].Split(',')[0]);
    }

    [TestMethod]
    public void DiabetesIsA442RowTableWithTenFeaturesAndATargetFrom25To346()
    {
        string[] lines = File.ReadAllLines(TestData.TabularCsv(TabularDataset.Diabetes));
        Assert.HasCount(443, lines, "a header and 442 rows");
        Assert.AreEqual("age,sex,bmi,bp,s1,s2,s3,s4,s5,s6,progression", lines[0]);
        double[] targets = [.. lines.Skip(1).Select(l => double.Parse(l.Split(',')[10], CultureInfo.InvariantCulture))];
        Assert.AreEqual(25, targets.Min());
        Assert.AreEqual(346, targets.Max());
        Assert.AreEqual("59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87,151", lines[1]);
    }

    /// <summary>The CSV is made again from the verified files: a copy that was edited is rewritten, not trusted.</summary>
    [TestMethod]
    public void AnEditedCsvIsMadeAgainFromTheVerifiedFiles()
    {
        string source = Path.GetDirectoryName(TestData.TabularCsv(TabularDataset.BreastCancer))!;
        string folder = Directory.CreateTempSubdirectory("hw2-tabular-").FullName;
        try
        {
            File.Copy(Path.Combine(source, "breast_cancer.csv"), Path.Combine(folder, "breast_cancer.csv"));
            string csv = TabularDataset.BreastCancer.EnsureCsv(folder);
            string original = File.ReadAllText(csv);
            File.WriteAllText(csv, original.Replace("17.99", "99.99", StringComparison.Ordinal));
            Assert.AreEqual(csv, TabularDataset.BreastCancer.EnsureCsv(folder));
            Assert.AreEqual(original, File.ReadAllText(csv));
            Assert.IsEmpty(Directory.GetFiles(folder, "*.tmp*"), "no temporary file is left");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
