using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hw2.MLNet.Data;
using Hw2.MLNet.Samples.Tabular;
using Microsoft.ML;

namespace Hw2.MLNet.Samples.Benchmarks;

/// <summary>
/// Our binary and regression trainers beside scikit-learn's <c>MLPClassifier</c>/<c>MLPRegressor</c> on the same
/// split of scikit-learn's own tables (row i is a test row when i % 5 == 0), each with its defaults and the
/// features standardised on the training rows, over several seeds; scikit-learn runs in the same process tree
/// (<c>tools/sklearn_tabular.py</c>) right after ours.
/// </summary>
internal static class TabularBenchmark
{
    /// <summary>The tables compared, with their task.</summary>
    public static readonly (TabularDataset Dataset, TabularTask Task)[] Tables = [(TabularDataset.BreastCancer, TabularTask.Binary), (TabularDataset.Diabetes, TabularTask.Regression)];

    /// <summary>Prints one Markdown row per model and table.</summary>
    public static void Run(DirectoryInfo dataFolder, int seeds, string? python)
    {
        Console.WriteLine("| table | model | metric 1 | metric 2 | fit time (mean) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach ((TabularDataset dataset, TabularTask task) in Tables)
        {
            string csv = dataset.EnsureCsv(Path.Combine(dataFolder.FullName, dataset.Name), Console.Error.WriteLine);
            (string train, string test) = SplitFiles(csv);
            try
            {
                CsvTable table = CsvTable.Inspect(train, dataset.LabelColumn);
                var metrics = new List<IReadOnlyList<(string Name, double Value)>>();
                var seconds = new List<double>();
                for (int seed = 0; seed < seeds; seed++)
                {
                    var ml = new MLContext(seed);
                    TabularResult result = TabularExperiment.Run(ml, table.Load(ml, task), (table with { Path = test }).Load(ml, task), new TabularSettings(task, Seed: seed));
                    metrics.Add(result.Metrics);
                    seconds.Add(result.FitTime.TotalSeconds);
                }

                string Mean(int i) => $"{metrics[0][i].Name} {metrics.Average(m => m[i].Value).ToString("F4", CultureInfo.InvariantCulture)}";
                Console.WriteLine($"| {dataset.Name} | Hw2.MLNet {(task == TabularTask.Binary ? nameof(MlpBinaryTrainer) : nameof(MlpRegressionTrainer))} | {Mean(0)} | {Mean(1)} | {seconds.Average().ToString("F3", CultureInfo.InvariantCulture)} s |");
                if (python is not null)
                {
                    foreach (string line in RunScikitLearn(python, csv, task, seeds))
                    {
                        string[] f = line.Split('\t');
                        Console.WriteLine($"| {dataset.Name} | scikit-learn {f[0]} | {f[1]} | {f[2]} | {f[3].Replace("fit ", string.Empty, StringComparison.Ordinal)} |");
                    }
                }
            }
            finally
            {
                File.Delete(train);
                File.Delete(test);
            }
        }
    }

    /// <summary>Two temporary CSV files with the header: the rows i with i % 5 != 0, and those with i % 5 == 0.</summary>
    private static (string Train, string Test) SplitFiles(string csv)
    {
        string[] lines = File.ReadAllLines(csv);
        var train = new StringBuilder(lines[0]).Append('\n');
        var test = new StringBuilder(lines[0]).Append('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            ((i - 1) % 5 == 0 ? test : train).Append(lines[i]).Append('\n');
        }

        string trainPath = Path.Combine(Path.GetTempPath(), $"hw2-tabular-train-{Guid.NewGuid():N}.csv");
        string testPath = Path.Combine(Path.GetTempPath(), $"hw2-tabular-test-{Guid.NewGuid():N}.csv");
        File.WriteAllText(trainPath, train.ToString());
        File.WriteAllText(testPath, test.ToString());
        return (trainPath, testPath);
    }

    private static string[] RunScikitLearn(string python, string csv, TabularTask task, int seeds) => PythonPeer.Run(
        python,
        "sklearn_tabular.py",
        [csv, task == TabularTask.Binary ? "binary" : "regression", seeds.ToString(CultureInfo.InvariantCulture)],
        "scikit-learn: apt-get install python3-sklearn");
}
