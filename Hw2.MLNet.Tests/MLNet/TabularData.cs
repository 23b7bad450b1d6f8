using Hw2.MLNet.Data;
using Hw2.MLNet.Tests.Support;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>Tables for the binary and regression trainers: synthetic ones whose answer is known, and scikit-learn's real ones read as a user would.</summary>
internal static class TabularData
{
    public sealed class BinaryRow
    {
        public bool Label { get; set; }

        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    public sealed class RegressionRow
    {
        public float Label { get; set; }

        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    public sealed class RegressionPrediction
    {
        public float Score { get; set; }
    }

    /// <summary>Label: x0 + x1² &gt; 1 with features uniform in [−2, 2] (a curved boundary a linear model cannot draw); x2 and x3 are noise.</summary>
    public static List<BinaryRow> BinaryRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            float[] x = [.. Enumerable.Range(0, 4).Select(_ => (float)((random.NextDouble() * 4) - 2))];
            return new BinaryRow { Label = x[0] + (x[1] * x[1]) > 1, Features = x };
        })];
    }

    /// <summary>Label: 300 + 100·sin(x0) + 50·x1 + 20·x2·x3 with features uniform in [−2, 2]: targets in the hundreds, no noise.</summary>
    public static List<RegressionRow> RegressionRows(int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            float[] x = [.. Enumerable.Range(0, 4).Select(_ => (float)((random.NextDouble() * 4) - 2))];
            return new RegressionRow { Label = Target(x), Features = x };
        })];
    }

    /// <summary>
    /// What every trainer refuses, whatever its label: a NaN feature (named by row and slot), a missing feature
    /// column, no rows. <paramref name="rows"/> has one row whose features are set to NaN at slot 2 by <paramref name="poison"/>.
    /// </summary>
    public static void RefusesWhatEveryTrainerRefuses<TRow>(MLContext ml, IEstimator<ITransformer> trainer, List<TRow> rows, Action<TRow> poison)
        where TRow : class
    {
        poison(rows[7]);
        string nan = Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(ml.Data.LoadFromEnumerable(rows))).Message;
        StringAssert.Contains(nan, "The training data, row 7: column 'Features' slot 2 is NaN; features must be finite numbers.");
        IDataView renamed = ml.Transforms.CopyColumns("Other", "Features").Append(ml.Transforms.DropColumns("Features")).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => trainer.Fit(renamed)).Message, "Feature column 'Features' not found in the input (columns: Label, Other)");
        IDataView empty = ml.Data.LoadFromEnumerable(new List<TRow>());
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => trainer.Fit(empty)).Message, "The training data has no rows.");
    }

    /// <summary>What <c>EstimatorChain.Fit</c> hands an estimator before training (<c>SchemaShape.Create</c> is internal, hence reflection).</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!
            .Invoke(null, [schema])!;

    public static float Target(float[] x) => (float)(300 + (100 * Math.Sin(x[0])) + (50 * x[1]) + (20 * x[2] * x[3]));

    /// <summary>scikit-learn's breast-cancer table through TextLoader (30 Single features, Boolean label from 0/1), as a user loads a CSV.</summary>
    public static IDataView BreastCancer(MLContext ml) => ml.Data.LoadFromTextFile(
        TestData.TabularCsv(TabularDataset.BreastCancer),
        [new TextLoader.Column("Features", DataKind.Single, 0, 29), new TextLoader.Column("Label", DataKind.Boolean, 30)],
        separatorChar: ',',
        hasHeader: true);

    /// <summary>scikit-learn's diabetes table through TextLoader (10 Single features, Single label from 25 to 346).</summary>
    public static IDataView Diabetes(MLContext ml) => ml.Data.LoadFromTextFile(
        TestData.TabularCsv(TabularDataset.Diabetes),
        [new TextLoader.Column("Features", DataKind.Single, 0, 9), new TextLoader.Column("Label", DataKind.Single, 10)],
        separatorChar: ',',
        hasHeader: true);
}
