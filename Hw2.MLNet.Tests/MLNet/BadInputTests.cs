using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.MLNet;

[TestClass]
public sealed class BadInputTests
{
    private readonly MLContext ml = new(seed: 1);

    private sealed class ScalarRow
    {
        public float Label { get; set; }

        public float Features { get; set; }
    }

    private sealed class VariableRow
    {
        public uint Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class DoubleRow
    {
        public string Label { get; set; } = string.Empty;

        [VectorType(2)]
        public double[] Features { get; set; } = [];
    }

    private IDataView Keyed(IDataView data) => ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);

    [TestMethod]
    public void MissingColumnsAreNamed()
    {
        IDataView data = Keyed(SyntheticData.View(ml, 30, 1));
        var noFeatures = new MlpTrainer(ml, new MlpTrainerOptions { FeatureColumnName = "Pixels" });
        var ex = Assert.ThrowsExactly<ArgumentException>(() => noFeatures.Fit(data));
        StringAssert.Contains(ex.Message, "Feature column 'Pixels' not found");
        StringAssert.Contains(ex.Message, "Features");

        var noLabel = new MlpTrainer(ml, new MlpTrainerOptions { LabelColumnName = "Digit" });
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => noLabel.Fit(data)).Message, "Label column 'Digit' not found");
    }

    [TestMethod]
    public void FeaturesMustBeAKnownSizeVectorOfSingle()
    {
        IDataView scalar = Keyed(ml.Data.LoadFromEnumerable(new[] { new ScalarRow { Label = 1, Features = 2 } }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml).Fit(scalar)).Message, "known size");

        IDataView variable = Keyed(ml.Data.LoadFromEnumerable(new[] { new VariableRow { Label = 1, Features = [1, 2] } }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml).Fit(variable)).Message, "known size");

        IDataView doubles = Keyed(ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Label = "a", Features = [1, 2] } }));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml).Fit(doubles)).Message, "vector of Single");
    }

    [TestMethod]
    public void LabelMustBeAKeyAndTheMessageSaysHow()
    {
        IDataView data = SyntheticData.View(ml, 30, 1);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml).Fit(data));
        StringAssert.Contains(ex.Message, "MapValueToKey(\"Label\")");
        var pipeline = new MlpTrainer(ml, SyntheticData.SmallOptions());
        Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.CopyColumns("X", "Features").Append(pipeline).Fit(data), "the chain's schema check fails before training");
    }

    [TestMethod]
    public void NonFiniteFeatureNamesTheRow()
    {
        List<SyntheticData.Row> rows = SyntheticData.Rows(30, 1);
        rows[17].Features[2] = float.NaN;
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(Keyed(ml.Data.LoadFromEnumerable(rows))));
        StringAssert.Contains(ex.Message, "The training data, row 17: column 'Features' slot 2 is NaN");

        rows[17].Features[2] = float.PositiveInfinity;
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(Keyed(ml.Data.LoadFromEnumerable(rows)))).Message, "The training data, row 17");
    }

    [TestMethod]
    public void EmptyTrainingSetIsRefused()
    {
        ITransformer keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 30, 1));
        IDataView empty = keys.Transform(ml.Data.LoadFromEnumerable(new List<SyntheticData.Row>()));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(empty)).Message, "no rows");
    }

    /// <summary>MapValueToKey fitted on no rows makes a one-value key type; the error is still that there are no rows.</summary>
    [TestMethod]
    public void AnEmptyTrainingSetKeyedOnItsOwnSaysItHasNoRows()
    {
        IDataView empty = Keyed(ml.Data.LoadFromEnumerable(new List<SyntheticData.Row>()));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(empty));
        Assert.AreEqual("The training data has no rows.", ex.Message);
    }

    [TestMethod]
    public void BadRowsInValidationDataAreReportedAsValidationRows()
    {
        List<SyntheticData.Row> rows = SyntheticData.Rows(30, 2);
        rows[5].Features[1] = float.NaN;
        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.ValidationData = Keyed(ml.Data.LoadFromEnumerable(rows));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, options).Fit(Keyed(SyntheticData.View(ml, 60, 1))));
        StringAssert.StartsWith(ex.Message, "ValidationData, row 5: column 'Features' slot 1 is NaN");
    }

    /// <summary>
    /// Validation data keyed by its own MapValueToKey numbers the classes in its own order (here bird, dog, cat against
    /// the training data's cat, dog, bird). Its keys are matched to the training classes through their values, so the
    /// history is the same as with validation data keyed by the training pipeline.
    /// </summary>
    [TestMethod]
    public void ValidationDataKeyedOnItsOwnIsMatchedByLabelValue()
    {
        List<SyntheticData.Row> validationRows = SyntheticData.Rows(90, 3);
        validationRows.Reverse();
        IDataView trainingRows = SyntheticData.View(ml, 240, 1);
        ITransformer trainingKeys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(trainingRows);
        IDataView ownKeys = Keyed(ml.Data.LoadFromEnumerable(validationRows));
        CollectionAssert.AreEqual(new[] { "bird", "dog", "cat" }, KeyValuesOf(ownKeys));

        EpochRecord[] History(IDataView validation)
        {
            MlpTrainerOptions options = SyntheticData.SmallOptions(seed: 4);
            options.MaxEpochs = 5;
            options.ValidationData = validation;
            return [.. new MlpTrainer(ml, options).Fit(trainingKeys.Transform(trainingRows)).Model.History];
        }

        EpochRecord[] expected = History(trainingKeys.Transform(ml.Data.LoadFromEnumerable(validationRows)));
        EpochRecord[] actual = History(ownKeys);
        CollectionAssert.AreEqual(expected.Select(r => r.ValidationAccuracy).ToArray(), actual.Select(r => r.ValidationAccuracy).ToArray());
        CollectionAssert.AreEqual(expected.Select(r => r.ValidationLoss).ToArray(), actual.Select(r => r.ValidationLoss).ToArray());
        Assert.IsGreaterThan(0.9, actual[^1].ValidationAccuracy!.Value);
    }

    [TestMethod]
    public void AValidationLabelTheTrainingDataLacksIsNamed()
    {
        List<SyntheticData.Row> rows = SyntheticData.Rows(30, 2);
        rows[7].Label = "fish";
        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.ValidationData = Keyed(ml.Data.LoadFromEnumerable(rows));
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, options).Fit(Keyed(SyntheticData.View(ml, 60, 1))));
        Assert.AreEqual("ValidationData, row 7: label 'fish' does not occur in the training data, so the model has no class for it.", ex.Message);
    }

    /// <summary>The trainer holds the rows in one float32 array; a data view that says it has more rows than that is refused before any row is read.</summary>
    [TestMethod]
    public void MoreValuesThanOneArrayHoldsAreRefusedUpFront()
    {
        var huge = new ClaimedRowCount(Keyed(SyntheticData.View(ml, 30, 1)), 600_000_000);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(huge));
        Assert.AreEqual(
            $"The training data has 600000000 rows of 4 features; the trainer holds them in one float32 array of at most {Array.MaxLength} values, so at most {Array.MaxLength / 4} rows of this size. Train on fewer rows (e.g. mlContext.Data.TakeRows).",
            ex.Message);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new Hw2.MLNet.Numerics.Matrix(3_000_000, 784)).Message, "3000000×784 matrix has 2352000000 values");
    }

    private static string[] KeyValuesOf(IDataView data)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        data.Schema["Label"].GetKeyValues(ref values);
        return [.. values.DenseValues().Select(v => v.ToString())];
    }

    /// <summary>A view that reports a row count it does not have.</summary>
    private sealed class ClaimedRowCount(IDataView inner, long rows) : IDataView
    {
        public bool CanShuffle => inner.CanShuffle;

        public DataViewSchema Schema => inner.Schema;

        public long? GetRowCount() => rows;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => inner.GetRowCursor(columnsNeeded, rand);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => inner.GetRowCursorSet(columnsNeeded, n, rand);
    }

    [TestMethod]
    public void DifferentFeatureCountAtTransformIsRefused()
    {
        MlpTransformer model = new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(Keyed(SyntheticData.View(ml, 60, 1)));
        IDataView other = ml.Data.LoadFromEnumerable(new[] { new DoubleRow { Label = "a", Features = [1, 2] } });
        IDataView twoFeatures = ml.Transforms.Conversion.ConvertType("Features", outputKind: DataKind.Single).Fit(other).Transform(other);
        var ex = Assert.ThrowsExactly<ArgumentException>(() => model.Transform(twoFeatures));
        StringAssert.Contains(ex.Message, "has 2 values but the model was trained on 4");
    }

    [TestMethod]
    public void DivergenceNamesEpochAndLearningRate()
    {
        List<SyntheticData.Row> rows = SyntheticData.Rows(60, 1);
        foreach (SyntheticData.Row row in rows)
        {
            for (int j = 0; j < 4; j++)
            {
                row.Features[j] *= 1e18f;
            }
        }

        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.LearningRate = 1e4f;
        var ex = Assert.ThrowsExactly<TrainingDivergedException>(() => new MlpTrainer(ml, options).Fit(Keyed(ml.Data.LoadFromEnumerable(rows))));
        StringAssert.Contains(ex.Message, "epoch 1");
        StringAssert.Contains(ex.Message, "learning rate 10000");
    }

    [TestMethod]
    public void CancellationThrowsOutOfFit()
    {
        using var cts = new CancellationTokenSource();
        MlpTrainerOptions options = SyntheticData.SmallOptions();
        options.MaxEpochs = 1000;
        options.CancellationToken = cts.Token;
        options.Progress = new CallbackProgress<EpochRecord>(r =>
        {
            if (r.Epoch == 2)
            {
                cts.Cancel();
            }
        });
        IDataView data = Keyed(SyntheticData.View(ml, 60, 1));
        Assert.ThrowsExactly<OperationCanceledException>(() => new MlpTrainer(ml, options).Fit(data));
    }

}
