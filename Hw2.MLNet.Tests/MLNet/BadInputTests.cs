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
        StringAssert.Contains(ex.Message, "Row 17");
        StringAssert.Contains(ex.Message, "slot 2");

        rows[17].Features[2] = float.PositiveInfinity;
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(Keyed(ml.Data.LoadFromEnumerable(rows)))).Message, "Row 17");
    }

    [TestMethod]
    public void EmptyTrainingSetIsRefused()
    {
        ITransformer keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(SyntheticData.View(ml, 30, 1));
        IDataView empty = keys.Transform(ml.Data.LoadFromEnumerable(new List<SyntheticData.Row>()));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => new MlpTrainer(ml, SyntheticData.SmallOptions()).Fit(empty)).Message, "no rows");
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
    public void InvalidOptionsNameTheOption()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, new MlpTrainerOptions { LearningRate = -1 })).Message, "LearningRate");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, new MlpTrainerOptions { LearningRate = float.NaN })).Message, "LearningRate");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, new MlpTrainerOptions { MaxEpochs = 0 })).Message, "MaxEpochs");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, new MlpTrainerOptions { HiddenLayers = [300, 0] })).Message, "HiddenLayers[1]");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new MlpTrainer(ml, new MlpTrainerOptions { LabelColumnName = " " })).Message, "LabelColumnName");
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
        options.Progress = new CancelAt(cts, 2);
        IDataView data = Keyed(SyntheticData.View(ml, 60, 1));
        Assert.ThrowsExactly<OperationCanceledException>(() => new MlpTrainer(ml, options).Fit(data));
    }

    private sealed class CancelAt(CancellationTokenSource cts, int epoch) : IProgress<EpochRecord>
    {
        public void Report(EpochRecord value)
        {
            if (value.Epoch == epoch)
            {
                cts.Cancel();
            }
        }
    }
}
