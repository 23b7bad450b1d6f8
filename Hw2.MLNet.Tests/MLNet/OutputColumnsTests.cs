using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

/// <summary>Each task's scored columns at their edges: a key label without key values, and a row whose features hold a NaN.</summary>
[TestClass]
public sealed class OutputColumnsTests
{
    private sealed class KeyRow
    {
        // LoadFromEnumerable reads a key of count n as raw values below n (value n is read as missing): keys 1…3 need 4.
        [KeyType(4)]
        public uint Label { get; set; }

        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }

    [TestMethod]
    public void AKeyLabelWithoutKeyValuesGetsNumberedSlotNamesAndABareKey()
    {
        var ml = new MLContext(seed: 1);
        List<KeyRow> rows = [.. SyntheticData.Rows(90, 1).Select((r, i) => new KeyRow { Label = (uint)(i % 3) + 1, Features = r.Features })];
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        DataViewSchema schema = new MlpTrainer(ml, SyntheticData.SmallOptions(seed: 1)).Fit(data).Transform(data).Schema;
        VBuffer<ReadOnlyMemory<char>> slots = default;
        schema["Score"].GetSlotNames(ref slots);
        CollectionAssert.AreEqual(new[] { "0", "1", "2", "3" }, slots.DenseValues().Select(v => v.ToString()).ToArray());
        Assert.IsNull(schema["PredictedLabel"].Annotations.Schema.GetColumnOrNull("KeyValues"));
        Assert.AreEqual(new KeyDataViewType(typeof(uint), 4), schema["PredictedLabel"].Type);
    }

    /// <summary>A NaN feature at scoring time (training refuses it; a model scores what it is given): NaN scores, and no class (a missing key, or false).</summary>
    [TestMethod]
    public void ARowWithANaNFeatureGetsNaNScoresAndNoClass()
    {
        var ml = new MLContext(seed: 1);
        List<TabularData.BinaryRow> binaryRows = TabularData.BinaryRows(100, 1);
        MlpTransformer binary = new MlpBinaryTrainer(ml, new MlpBinaryTrainerOptions { MaxEpochs = 2, Seed = 1 }).Fit(ml.Data.LoadFromEnumerable(binaryRows));
        binaryRows[0].Features[1] = float.NaN;
        TabularData.BinaryPrediction b = ml.Data.CreateEnumerable<TabularData.BinaryPrediction>(binary.Transform(ml.Data.LoadFromEnumerable(binaryRows)), false).First();
        Assert.IsTrue(float.IsNaN(b.Score) && float.IsNaN(b.Probability));
        Assert.IsFalse(b.PredictedLabel);

        List<TabularData.RegressionRow> regressionRows = TabularData.RegressionRows(100, 1);
        MlpTransformer regression = new MlpRegressionTrainer(ml, new MlpRegressionTrainerOptions { MaxEpochs = 2, Seed = 1 }).Fit(ml.Data.LoadFromEnumerable(regressionRows));
        regressionRows[0].Features[1] = float.NaN;
        Assert.IsTrue(float.IsNaN(ml.Data.CreateEnumerable<TabularData.RegressionPrediction>(regression.Transform(ml.Data.LoadFromEnumerable(regressionRows)), false).First().Score));

        List<SyntheticData.Row> classRows = SyntheticData.Rows(90, 1);
        IDataView classes = ml.Data.LoadFromEnumerable(classRows);
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(classes).Transform(classes);
        MlpTransformer multiclass = new MlpTrainer(ml, SyntheticData.SmallOptions(seed: 1)).Fit(keyed);
        classRows[0].Features[1] = float.NaN;
        IDataView scored = multiclass.Transform(ml.Transforms.Conversion.MapValueToKey("Label").Fit(classes).Transform(ml.Data.LoadFromEnumerable(classRows)));
        Assert.AreEqual(0u, scored.GetColumn<uint>("PredictedLabel").First(), "a missing key");
        Assert.IsTrue(scored.GetColumn<float[]>("Score").First().All(float.IsNaN));
        Assert.AreNotEqual(0u, scored.GetColumn<uint>("PredictedLabel").Skip(1).First());
    }
}
